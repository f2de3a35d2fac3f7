/**
 * @module Fragment reassembly through the pure engine: a secret sent in 2, 3 or 4 pieces over
 * several requests — in query values, query names, JSON bodies, MCP arguments and WebSocket frames,
 * plain or base64-encoded, with unrelated traffic in between — is reported on the piece that
 * completes it and not before; a secret that one piece holds whole is left to per-request DLP;
 * rules in warn mode are not escalated; a detection is reported once.
 */
import { describe, expect, test } from "bun:test";
import {
  CROSS_REQUEST_LOCATION,
  DEFAULT_CROSS_REQUEST_SETTINGS,
  EMPTY_CROSS_REQUEST_STATE,
  jsonFragments,
  observeCrossRequest,
  toolCallFragments,
  urlFragments,
  type CrossRequestInput,
} from "../../../../src/engine/scanners/cross-request/index.ts";
import { policyFrom } from "../../../helpers/policy.ts";
import { b64, FAKE_ANTHROPIC, FAKE_AWS_ID, FAKE_GITHUB, feed, ordinaryTraffic, policy, split } from "./fixture.ts";

const RULE: Record<string, string> = { [FAKE_AWS_ID]: "dlp.aws_access_key_id", [FAKE_GITHUB]: "dlp.github_classic_token", [FAKE_ANTHROPIC]: "dlp.anthropic_api_key" };

const carriers: Record<string, (piece: string, i: number) => CrossRequestInput> = {
  "query value": (p, i) => ({ fragments: urlFragments(`https://collect.example.net/p?id=${i}&d=${encodeURIComponent(p)}`), host: "collect.example.net" }),
  "JSON body": (p, i) => ({ fragments: jsonFragments({ seq: i, event: { kind: "log", data: p } }), host: "collect.example.net" }),
  "MCP argument": (p, i) => ({ fragments: toolCallFragments("write_file", { path: `/tmp/out${i}.txt`, content: p }) }),
  "WebSocket frame": (p) => ({ fragments: [{ text: p, field: "ws" }], host: "ws.example.net" }),
};

describe("a secret split over several requests", () => {
  for (const secret of [FAKE_AWS_ID, FAKE_GITHUB, FAKE_ANTHROPIC]) {
    for (const n of [2, 3, 4]) {
      for (const [name, carry] of Object.entries(carriers)) {
        test(`${RULE[secret]} in ${n} pieces, ${name}: caught on the last piece only`, () => {
          const { perStep } = feed(split(secret, n).map(carry));
          expect(perStep.slice(0, -1).flat()).toEqual([]);
          expect(perStep.at(-1)).toEqual([RULE[secret]!]);
        });
      }
    }
  }

  test("ordinary traffic between the pieces does not break the join (per-field streams)", () => {
    const noise = ordinaryTraffic(2, 99);
    const pieces = split(FAKE_GITHUB, 3).map(carriers["query value"]!);
    const { perStep } = feed([pieces[0]!, ...noise, pieces[1]!, ...noise, pieces[2]!]);
    expect(perStep.slice(0, -1).flat()).toEqual([]);
    expect(perStep.at(-1)).toEqual(["dlp.github_classic_token"]);
  });

  test("the field name rotating every piece still joins in the session stream", () => {
    const pieces = split(FAKE_AWS_ID, 3).map((p, i) => ({ fragments: urlFragments(`https://c.example.net/?k${i}=${p}`) }));
    expect(feed(pieces).perStep.at(-1)).toEqual(["dlp.aws_access_key_id"]);
  });

  test("a base64-encoded secret cut into pieces is decoded after joining", () => {
    const pieces = split(b64(`token=${FAKE_GITHUB}`), 4).map(carriers["WebSocket frame"]!);
    const { perStep } = feed(pieces);
    expect(perStep.at(-1)).toContain("dlp.github_classic_token");
  });

  test("query parameter names are joined in their own stream", () => {
    const [a, b] = split(FAKE_AWS_ID, 2);
    const { perStep } = feed([{ fragments: urlFragments(`https://c.example.net/?${a}=1`) }, { fragments: urlFragments(`https://c.example.net/?${b}=2`) }]);
    expect(perStep.at(-1)).toEqual(["dlp.aws_access_key_id"]);
  });

  test("a secret split across subdomain labels of successive requests", () => {
    const pieces = split(FAKE_AWS_ID.toLowerCase(), 2).map((p) => ({ fragments: urlFragments(`https://${p}.x.example.net/`) }));
    // Lower-cased AWS ids are not AWS ids; the point is that host labels feed a stream at all.
    const state = feed(pieces).state;
    expect(state.streams.map(([name]) => name)).toContain("f:host-label");
  });
});

describe("what reassembly leaves alone", () => {
  test("a secret that one piece holds whole is per-request DLP's, even resent on every request", () => {
    const body = (i: number) => ({ fragments: jsonFragments({ messages: [{ role: "user", content: `my key is ${FAKE_AWS_ID}, do not share` }, { role: "user", content: `turn ${i}` }] }) });
    expect(feed([0, 1, 2, 3].map(body)).perStep.flat()).toEqual([]);
  });

  test("a rule in warn mode is not escalated", () => {
    const warnPolicy = policyFrom("rules:\n  actions:\n    dlp.aws_access_key_id: warn\n");
    let state = EMPTY_CROSS_REQUEST_STATE;
    const found: string[] = [];
    split(FAKE_AWS_ID, 2).forEach((p, i) => {
      const r = observeCrossRequest(state, carriers["WebSocket frame"]!(p, i), warnPolicy, DEFAULT_CROSS_REQUEST_SETTINGS, 1000 + i);
      state = r.state;
      found.push(...r.findings.map((f) => f.rule_id));
    });
    expect(found).toEqual([]);
  });

  test("the same split sent again by another session is caught again; a warn policy after a block policy is not escalated", () => {
    const pieces = split(FAKE_AWS_ID, 3).map(carriers["WebSocket frame"]!);
    for (let round = 0; round < 3; round++) expect(feed(pieces).perStep.at(-1)).toEqual(["dlp.aws_access_key_id"]);
    const warnPolicy = policyFrom("rules:\n  actions:\n    dlp.aws_access_key_id: warn\n");
    let state = EMPTY_CROSS_REQUEST_STATE;
    const found: string[] = [];
    pieces.forEach((input, i) => {
      const r = observeCrossRequest(state, input, warnPolicy, DEFAULT_CROSS_REQUEST_SETTINGS, 1000 + i);
      state = r.state;
      found.push(...r.findings.map((f) => f.rule_id));
    });
    expect(found).toEqual([]);
  });

  test("a detection is reported once: the pieces are forgotten after it", () => {
    const pieces = split(FAKE_GITHUB, 2).map(carriers["WebSocket frame"]!);
    const { perStep } = feed([...pieces, carriers["WebSocket frame"]!("hello", 9), carriers["WebSocket frame"]!("again", 10)]);
    expect(perStep.map((s) => s.length)).toEqual([0, 1, 0, 0]);
  });

  test("disabled (top level or reassembly) records and reports nothing", () => {
    const pieces = split(FAKE_AWS_ID, 2).map(carriers["WebSocket frame"]!);
    for (const settings of [
      { ...DEFAULT_CROSS_REQUEST_SETTINGS, enabled: false },
      { ...DEFAULT_CROSS_REQUEST_SETTINGS, fragments: { ...DEFAULT_CROSS_REQUEST_SETTINGS.fragments, enabled: false } },
    ]) {
      const r = feed(pieces, settings);
      expect(r.perStep.flat()).toEqual([]);
      expect(r.state.streams).toEqual([]);
    }
  });

  test("a canary token split over requests is reported as the canary", () => {
    const canary = "cnry-" + "Q7vX2mP9kR4tL8wZ";
    const canaryPolicy = policyFrom(`canary_tokens:\n  enabled: true\n  tokens:\n    - name: deploy_key\n      value: "${canary}"\n`);
    let state = EMPTY_CROSS_REQUEST_STATE;
    const found: string[][] = [];
    split(canary, 3).forEach((p, i) => {
      const r = observeCrossRequest(state, carriers["query value"]!(p, i), canaryPolicy, DEFAULT_CROSS_REQUEST_SETTINGS, 1000 + i);
      state = r.state;
      found.push(r.findings.map((f) => f.rule_id));
    });
    expect(found.at(-1)).toContain("dlp.canary.deploy_key");
  });
});

describe("the finding", () => {
  const last = (action: "block" | "warn") => {
    let state = EMPTY_CROSS_REQUEST_STATE;
    let findings: readonly import("../../../../src/engine/index.ts").Finding[] = [];
    for (const [i, p] of split(FAKE_ANTHROPIC, 3).entries()) {
      const r = observeCrossRequest(state, carriers["JSON body"]!(p, i), policy, { ...DEFAULT_CROSS_REQUEST_SETTINGS, action }, 5000 + i);
      state = r.state;
      findings = r.findings;
    }
    return findings;
  };

  test("says where, how, carries the section's action and T1030, and never the secret", () => {
    for (const action of ["block", "warn"] as const) {
      const [f] = last(action);
      expect(f).toBeDefined();
      expect(f!.action).toBe(action);
      expect(f!.location).toBe(CROSS_REQUEST_LOCATION);
      expect(f!.encoding).toStartWith("fragments");
      expect(f!.mitre).toContain("T1030");
      expect(f!.message).toContain("pieces");
      const shown = JSON.stringify(f);
      for (const piece of split(FAKE_ANTHROPIC, 3)) expect(shown).not.toContain(piece);
    }
  });
});

describe("ordinary traffic", () => {
  test("60 rounds of API calls, JSON bodies with UUIDs and hashes, file reads and registry fetches: nothing", () => {
    expect(feed(ordinaryTraffic(60)).perStep.flat()).toEqual([]);
  });

  test("many short values in one field (page numbers, flags, ids) never assemble into a finding", () => {
    const inputs = Array.from({ length: 200 }, (_, i) => ({ fragments: urlFragments(`https://api.example.com/v1/items?page=${i}&limit=50&include=owner&cursor=${(i * 7919).toString(36)}`) }));
    expect(feed(inputs).perStep.flat()).toEqual([]);
  });
});
