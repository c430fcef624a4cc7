package io.livelog.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * Log messages that would run code, restyle the page or lie about what they say if a dashboard
 * rendered them as markup or as is. Every one that could execute tries to set {@code
 * window.__pwned} or the document title, so a test can tell that nothing ran.
 */
final class HostileCorpus {

  private HostileCorpus() {}

  /** Payloads made only of printable characters: the page must show them exactly. */
  static List<String> printable() {
    return List.of(
        "<script>window.__pwned=1</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<script>document.title='pwned'</script>",
        "</span></div><script>window.__pwned=2</script>",
        "<img src=x onerror=\"window.__pwned=3\">",
        "<img src=\"javascript:window.__pwned=4\">",
        "<svg onload=window.__pwned=5>",
        "<svg><script>window.__pwned=6</script></svg>",
        "<svg><animate onbegin=window.__pwned=7 attributeName=x dur=1s>",
        "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=8>",
        "<body onload=window.__pwned=9>",
        "<iframe src=\"javascript:parent.__pwned=10\"></iframe>",
        "<iframe srcdoc=\"<script>parent.__pwned=11</script>\"></iframe>",
        "<a href=\"javascript:window.__pwned=12\">click me</a>",
        "javascript:window.__pwned=13",
        "JaVaScRiPt:alert(document.domain)",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
        "<object data=\"javascript:window.__pwned=14\"></object>",
        "<embed src=\"javascript:window.__pwned=15\">",
        "<form action=\"javascript:window.__pwned=16\"><button>go</button></form>",
        "<input autofocus onfocus=window.__pwned=17>",
        "<details open ontoggle=window.__pwned=18>",
        "<video><source onerror=\"window.__pwned=19\"></video>",
        "<audio src=x onerror=window.__pwned=20>",
        "<marquee onstart=window.__pwned=21>",
        "<div style=\"background:url(javascript:window.__pwned=22)\">styled</div>",
        "<style>body{display:none}</style>",
        "<style>@import 'https://evil.example/x.css';</style>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<div style=\"position:fixed;inset:0;background:red\">overlay</div>",
        "expression(window.__pwned=23)",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<base href=\"https://evil.example/\">",
        "<template><script>window.__pwned=24</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned=25>\">",
        "\"><script>window.__pwned=26</script>",
        "'><img src=x onerror=window.__pwned=27>",
        "<<script>script>window.__pwned=28<</script>/script>",
        "<scr<script>ipt>window.__pwned=29</scr</script>ipt>",
        "<!--<script>window.__pwned=30</script>-->",
        "<![CDATA[<script>window.__pwned=31</script>]]>",
        "<div <div <div unclosed",
        "</div></div></div></main></body></html>",
        "&lt;script&gt;window.__pwned=32&lt;/script&gt;",
        "&#60;script&#62;window.__pwned=33&#60;/script&#62;",
        "%3Cscript%3Ewindow.__pwned=34%3C/script%3E",
        "{{constructor.constructor('window.__pwned=35')()}}",
        "${window.__pwned=36}",
        "<x onclick=window.__pwned=37>click</x>",
        "<button formaction=javascript:window.__pwned=38>b</button>",
        "{\"html\":\"<script>window.__pwned=39</script>\",\"nested\":{\"a\":[1,2,{\"b\":\"<img src=x onerror=window.__pwned=40>\"}]}}",
        "<textarea></textarea><script>window.__pwned=41</script>",
        "<title>pwned</title>",
        "<h1>BIG</h1><b>bold</b><i>italic</i>",
        "\uD83D\uDCA5 emoji and 日本語 and עברית mixed text",
        "    leading and trailing spaces    ");
  }

  /**
   * Payloads with invisible or control characters: bidi overrides and isolates, zero-width
   * characters, ANSI escapes, NUL and friends. The page must make them visible, never apply them.
   */
  static List<String> invisible() {
    return List.of(
        "user \u202Egnp.exe\u202C logged in",
        "\u2066isolate\u2069 and \u2067rtl isolate\u2069 and \u2068first strong\u2069",
        "\u202Aembedding\u202C \u202Brtl embedding\u202C \u200Fmark\u200E",
        "zero\u200Bwidth\u200Cjoiner\u200Dand\u2060word\uFEFFjoiner",
        "\u001B[31mred\u001B[0m \u001B[1;32mbold green\u001B[0m",
        "\u001B]0;pwned title\u0007 OSC title sequence",
        "\u001B[2J\u001B[H clears the screen",
        "nul\u0000byte and bell\u0007 and backspace\u0008x",
        "carriage\rreturn overwrites",
        "multi\nline\nmessage",
        "arabic letter mark \u061C here and soft\u00ADhyphen");
  }

  /** A line of a megabyte and a bit: longer than anything a row can show. */
  static String megabyteLine() {
    StringBuilder out = new StringBuilder(1_048_600);
    out.append("<script>window.__pwned='big'</script>");
    while (out.length() < 1_048_576) {
      out.append("0123456789abcdef");
    }
    return out.toString();
  }

  static List<String> all() {
    List<String> all = new ArrayList<>(printable());
    all.addAll(invisible());
    all.add(megabyteLine());
    return all;
  }
}
