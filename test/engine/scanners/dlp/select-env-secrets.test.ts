import { describe, expect, test } from "bun:test";
import { selectEnvSecrets } from "../../../../src/engine/scanners/dlp/index.ts";
import { fakeChars } from "./fakes.ts";

const SECRET = fakeChars(303, 32);

describe("selectEnvSecrets", () => {
  test("keeps long, high-entropy values and names them", () => {
    expect(selectEnvSecrets({ STRIPE_KEY: SECRET, OTHER: SECRET.slice(0, 20) }, 16)).toEqual([
      { name: "OTHER", value: SECRET.slice(0, 20) },
      { name: "STRIPE_KEY", value: SECRET },
    ]);
  });

  test.each([
    ["too short", { API_TOKEN: SECRET.slice(0, 15) }],
    ["low entropy", { API_TOKEN: "aaaaaaaabbbbbbbbaaaaaaaa" }],
    ["undefined", { API_TOKEN: undefined }],
    ["well-known name", { PATH: SECRET, HOME: SECRET, LS_COLORS: SECRET, ssh_auth_sock: SECRET }],
    ["LC_ and XDG_ prefixes", { LC_ALL: SECRET, XDG_RUNTIME_DIR: SECRET }],
    ["a path list under an ordinary name", { JAVA_HOME: "/usr/lib/jvm/java-21-openjdk-amd64", MY_DIRS: "/opt/tool-9/bin:/srv/app-x1/lib" }],
    ["a URL without credentials", { SERVICE_ENDPOINT: "https://api.internal.example.com/v2/query" }],
  ])("skips %s", (_, env) => {
    expect(selectEnvSecrets(env as Record<string, string | undefined>, 16)).toEqual([]);
  });

  test("a secret-sounding name keeps a path-like or URL value", () => {
    const value = "https://svc.example.com/hook/Zk29Qa7Lr";
    expect(selectEnvSecrets({ WEBHOOK_TOKEN: value }, 16)).toEqual([{ name: "WEBHOOK_TOKEN", value }]);
  });

  test("a URL with credentials is a secret", () => {
    const value = `postgres://app:${fakeChars(9, 16)}@db.internal:5432/main`;
    expect(selectEnvSecrets({ DATABASE_URL: value }, 16)).toEqual([{ name: "DATABASE_URL", value }]);
  });

  test("honours the minimum length", () => {
    expect(selectEnvSecrets({ T: SECRET.slice(0, 24) }, 25)).toEqual([]);
    expect(selectEnvSecrets({ T: SECRET.slice(0, 24) }, 24)).toHaveLength(1);
  });
});

test("npm lifecycle metadata and prose under ordinary names are not secrets; secret-named ones still are", () => {
  const env = {
    npm_package_description: "Security boundary between AI agents and everything they reach",
    BUILD_LABEL: "nightly build for the release branch",
    npm_config__authToken: "Zq8vN2xLp4TzR7bWm1KcYd9HsJf3GaE6",
    DEPLOY_HOOK_ID: "Zq8vN2xLp4TzR7bWm1KcYd9HsJf3GaE6u",
  };
  expect(selectEnvSecrets(env, 16).map((s) => s.name).sort()).toEqual(["DEPLOY_HOOK_ID", "npm_config__authToken"]);
});
