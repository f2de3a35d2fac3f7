/** Config section request_body_scanning: reference keys, defaults, strictness, settings. */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { REQUEST_BODY_SCANNING_DEFAULT, RequestBodyScanningSection, toRequestBodySettings } from "../../../src/config/sections/request-body-scanning.ts";

describe("request_body_scanning", () => {
  test("defaults: enabled, block, 5 MiB, headers on, sensitive mode with the reference list", () => {
    expect(REQUEST_BODY_SCANNING_DEFAULT).toMatchObject({ enabled: true, action: "block", max_body_bytes: 5 * 1024 * 1024, scan_headers: true, header_mode: "sensitive" });
    expect(REQUEST_BODY_SCANNING_DEFAULT.sensitive_headers).toContain("Authorization");
    expect(REQUEST_BODY_SCANNING_DEFAULT.ignore_headers).toContain("Content-Length");
  });

  test("a reference config loads", () => {
    const parsed = v.parse(RequestBodyScanningSection, { enabled: true, action: "warn", max_body_bytes: 5242880, scan_headers: true, header_mode: "all", sensitive_headers: ["Authorization", "X-Token"], ignore_headers: ["Accept"] });
    expect(toRequestBodySettings(parsed)).toEqual({ enabled: true, action: "warn", maxBodyBytes: 5242880, scanHeaders: true, headerMode: "all", sensitiveHeaders: ["Authorization", "X-Token"], ignoreHeaders: ["Accept"] });
  });

  test.each([
    ["an unknown key", { max_body_size: 1 }],
    ["strip (not an action for request bodies)", { action: "strip" }],
    ["a zero limit", { max_body_bytes: 0 }],
    ["a limit over the cap", { max_body_bytes: 1024 * 1024 * 1024 }],
    ["a bad header mode", { header_mode: "some" }],
    ["a header name with a space", { sensitive_headers: ["X Token"] }],
  ])("%s is rejected", (_name, input) => {
    expect(v.safeParse(RequestBodyScanningSection, input).success).toBe(false);
  });

  test("enabled: false turns header scanning off too", () => {
    expect(toRequestBodySettings(v.parse(RequestBodyScanningSection, { enabled: false })).scanHeaders).toBe(false);
  });
});

test("the body module's built-in header lists equal the section's defaults", async () => {
  const body = await import("../../../src/doors/body/index.ts");
  expect([...body.DEFAULT_SENSITIVE_HEADERS]).toEqual(REQUEST_BODY_SCANNING_DEFAULT.sensitive_headers);
  expect([...body.DEFAULT_IGNORE_HEADERS]).toEqual(REQUEST_BODY_SCANNING_DEFAULT.ignore_headers);
});
