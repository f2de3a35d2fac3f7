/** @module Scan API routing: health without auth, 405 with Allow, JSON 404, method before auth. */
import { describe, expect, test } from "bun:test";
import { ENGINE_VERSION, expectError, makeApi, scanRequest } from "./fixtures.ts";

describe("GET /health", () => {
  test("answers ok with the engine version, without a token", async () => {
    const { api } = makeApi();
    const response = await api.fetch(new Request("http://scanapi.test/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", engine_version: ENGINE_VERSION });
  });

  test("HEAD answers 200 with no body", async () => {
    const { api } = makeApi();
    const response = await api.fetch(new Request("http://scanapi.test/health", { method: "HEAD" }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  test("other methods are 405 with Allow: GET, HEAD", async () => {
    const { api } = makeApi();
    const { headers } = await expectError(api, new Request("http://scanapi.test/health", { method: "POST" }), 405, "method_not_allowed");
    expect(headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("/api/v1/scan methods", () => {
  test.each(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])("%s is 405 with Allow: POST, checked before auth", async (method) => {
    const { api, calls } = makeApi();
    const body = method === "GET" || method === "OPTIONS" ? null : "{}";
    const request = new Request("http://scanapi.test/api/v1/scan", { method, body });
    const { headers } = await expectError(api, request, 405, "method_not_allowed");
    expect(headers.get("allow")).toBe("POST");
    expect(calls).toHaveLength(0);
  });

  test("HEAD is 405 too", async () => {
    const { api } = makeApi();
    const response = await api.fetch(new Request("http://scanapi.test/api/v1/scan", { method: "HEAD" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("unknown paths", () => {
  test.each(["/", "/api/v1/scan/", "/api/v1/scans", "/api/v2/scan", "/health/x"])("%s is a JSON 404", async (path) => {
    const { api } = makeApi();
    const request = scanRequest({ kind: "dlp", input: { text: "x" } });
    await expectError(api, new Request(`http://scanapi.test${path}`, { method: "POST", headers: request.headers, body: "{}" }), 404, "not_found");
  });
});

describe("settings reader failing", () => {
  test("a throwing settings() is a 500 internal_error envelope, never an allow", async () => {
    const { api, calls } = makeApi({
      settings: () => {
        throw new Error("config unavailable");
      },
    });
    const response = await api.fetch(scanRequest({ kind: "dlp", input: { text: "hello" } }));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { status: string; errors: { code: string }[] };
    expect(body.status).toBe("error");
    expect(body.errors[0]?.code).toBe("internal_error");
    expect(calls).toHaveLength(0);
  });
});
