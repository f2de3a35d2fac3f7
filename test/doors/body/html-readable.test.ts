/** HTML → readable text and hidden text, without a DOM. */
import { describe, expect, test } from "bun:test";
import { decodeEntities, htmlToReadableText } from "../../../src/doors/body/index.ts";

describe("htmlToReadableText", () => {
  test("visible text with sane whitespace; title apart", () => {
    const r = htmlToReadableText(`<!doctype html><html><head><title> My  Page </title></head><body>
      <h1>Heading</h1><p>First   paragraph
      spans lines.</p><ul><li>one</li><li>two</li></ul>inline <b>bold</b> text<br>after break</body></html>`);
    expect(r.title).toBe("My Page");
    expect(r.text).toBe("Heading\nFirst paragraph spans lines.\none\ntwo\ninline bold text\nafter break");
    expect(r.hidden).toEqual([]);
  });

  test("script, style, noscript and template content are dropped from the text and surfaced as hidden", () => {
    const r = htmlToReadableText(`<p>shown</p><script>var s = "</p>not a tag";</script><style>p{color:red}</style><noscript>enable js</noscript><template><p>tpl text</p></template><p>end</p>`);
    expect(r.text).toBe("shown\nend");
    expect(r.hidden).toEqual(['var s = "</p>not a tag";', "p{color:red}", "enable js", "tpl text"]);
  });

  const hiddenCases: [string, string][] = [
    ["display:none", `<div style="display: none">SECRET-TEXT</div>`],
    ["visibility:hidden", `<span style="color:red;visibility:hidden">SECRET-TEXT</span>`],
    ["opacity:0", `<div style="opacity:0">SECRET-TEXT</div>`],
    ["font-size:0", `<div style="font-size:0px">SECRET-TEXT</div>`],
    ["off-screen", `<div style="position:absolute;left:-9999px">SECRET-TEXT</div>`],
    ["white on white", `<div style="color:#FFF;background:white">SECRET-TEXT</div>`],
    ["hidden attribute", `<div hidden>SECRET-TEXT</div>`],
    ["aria-hidden", `<div aria-hidden="true">SECRET-TEXT</div>`],
    ["sr-only class", `<div class="x sr-only">SECRET-TEXT</div>`],
    ["comment", `<!-- SECRET-TEXT -->`],
    ["alt text", `<img alt="SECRET-TEXT" src=x>`],
    ["hidden input value", `<input type="hidden" value="SECRET-TEXT">`],
    ["meta content", `<meta name="description" content="SECRET-TEXT">`],
    ["processing instruction", `<?xml SECRET-TEXT ?>`],
    ["an unterminated tag (browsers drop the rest)", `<div title="SECRET-TEXT`],
  ];
  test.each(hiddenCases)("%s is hidden, not visible", (_name, html) => {
    const r = htmlToReadableText(`<p>visible</p>${html}<p>after</p>`);
    expect(r.hidden.join("\n")).toContain("SECRET-TEXT");
    expect(r.text).not.toContain("SECRET-TEXT");
  });

  test("hidden state nests and ends with its element", () => {
    const r = htmlToReadableText(`<div style="display:none"><p>a <b>b</b></p> c</div><p>shown</p>`);
    expect(r.hidden).toEqual(["a b c"]);
    expect(r.text).toBe("shown");
  });

  test("visible colour styles are not hidden", () => {
    const r = htmlToReadableText(`<p style="color:#fff;background:#000">white on black</p><p style="opacity:0.9">faded</p>`);
    expect(r.text).toBe("white on black\nfaded");
  });

  test("entities are decoded in text, attributes and titles", () => {
    const r = htmlToReadableText(`<title>A &amp; B</title><p>&#73;gnore &#x70;revious &lt;tag&gt; &copy &nbsp;x &unknown; &amp</p><img alt="&quot;q&quot;">`);
    expect(r.title).toBe("A & B");
    expect(r.text).toBe("Ignore previous <tag> © x &unknown; &");
    expect(r.hidden).toEqual(['"q"']);
  });

  test("quoted > inside attributes does not end the tag; stray < is text", () => {
    const r = htmlToReadableText(`<a title="a > b" href='x>y'>link</a> 1 < 2 <3`);
    expect(r.text).toBe("link 1 < 2 <3");
    expect(r.hidden).toEqual(["a > b"]);
  });

  test("textarea is visible text, title does not leak into the text", () => {
    const r = htmlToReadableText(`<title>T</title><textarea>typed <b>raw</b></textarea>`);
    expect(r.text).toBe("typed <b>raw</b>");
  });

  test("unclosed comment and script run to the end", () => {
    expect(htmlToReadableText(`<p>a</p><!-- open comment SECRET`).hidden).toEqual(["open comment SECRET"]);
    expect(htmlToReadableText(`<p>a</p><script>never closed`).hidden).toEqual(["never closed"]);
  });

  test("raw NULs become U+FFFD", () => {
    expect(htmlToReadableText("a\u0000b").text).toBe("a\ufffdb");
  });

  test("adversarial inputs stay linear (a megabyte of each finishes in one pass)", () => {
    const n = 1 << 20;
    for (const html of ["<".repeat(n), "<a ".repeat(n / 3), '<a x="'.repeat(n / 6), "<div>".repeat(n / 5), "</div>".repeat(n / 6), "<!--".repeat(n / 4), "&amp".repeat(n / 4), `<a title='${"x".repeat(n)}`]) {
      const r = htmlToReadableText(html);
      expect(r.text.length + r.hidden.join("").length).toBeLessThanOrEqual(html.length);
    }
  });
});

describe("decodeEntities", () => {
  test.each([
    ["&#0;", "\ufffd"],
    ["&#x110000;", "\ufffd"],
    ["&#xD800;", "\ufffd"],
    ["&#128;", "€"],
    ["&#x1F600;", "😀"],
    ["&zwj;", "\u200d"],
    ["&ltx", "&ltx"],
    ["&lt;x", "<x"],
  ])("%s → %s", (input, out) => {
    expect(decodeEntities(input)).toBe(out);
  });
});
