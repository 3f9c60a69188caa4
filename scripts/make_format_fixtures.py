"""Write the format fixtures in tests/data/formats/ (run by hand; the files are committed).

    .venv/bin/python scripts/make_format_fixtures.py

- four saved news pages, each on its own invented site template (navigation, cookie banner,
  advertisements, "most read", related links, comments, author box, JSON-LD and OpenGraph),
  one with an embedded video and its caption, and a "page not found" page without a story;
- a two-column PDF situation report and a one-column wire copy printed by Debian chromium
  (Playwright) with running headers and page-number footers, an image-only "scanned" PDF, a
  password-protected PDF (pypdf: `pip install '.[bench]'`);
- a Word statement written with python-docx;
- gold.json: per file the title, outlet, author and date a reader sees, the body paragraphs,
  the other story text (standfirst, headings, captions) and every boilerplate string the
  template added, for the precision / recall test.

Tests never run this script: they read the committed files.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from format_fixture_articles import (
    COASTLINE,
    HARBOUR,
    MERIDIAN,
    NORTHGATE,
    PAGES,
    REPORT,
    STATEMENT,
)

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"
WIRE_FILE = "courier-wire-tram-vote.pdf"
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def plain(text: str) -> str:
    """What a reader sees of a marked-up paragraph."""
    text = _LINK.sub(r"\1", text)
    return text.replace("**", "").replace("*", "")


def inline(text: str, entities: bool = False) -> str:
    """Paragraph markup to HTML; `entities` writes typographic characters as named entities,
    as older content systems do."""
    out = html.escape(text, quote=False)
    if entities:
        for ch, name in (("’", "&rsquo;"), ("“", "&ldquo;"), ("”", "&rdquo;"), ("‘", "&lsquo;"),
                         ("–", "&ndash;"), ("—", "&mdash;")):
            out = out.replace(ch, name)
    out = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", out)
    return out


class Gold:
    def __init__(self, article: dict) -> None:
        self.article = article
        self.boilerplate: list[str] = []
        self.other: list[str] = []

    def furniture(self, *texts: str) -> str:
        """Record furniture text (must never become a passage); returns it escaped."""
        for t in texts:
            if t.strip():
                self.boilerplate.append(t)
        return html.escape(texts[0], quote=False) if texts else ""

    def record(self) -> dict:
        a = self.article
        body = [plain(p) for p in a["paragraphs"] if not p.startswith("## ")]
        headings = [p[3:] for p in a["paragraphs"] if p.startswith("## ")]
        other = [a["standfirst"], *headings, a.get("caption", ""), a.get("video_caption", ""),
                 *self.other]
        return {"kind": "html", "title": a["title"], "source": a["site"], "author": a["author"],
                "published": a["published"][:10], "url": f"https://{a['domain']}{a['url_path']}",
                "body": body, "other": [o for o in other if o],
                "boilerplate": sorted(set(self.boilerplate))}


def json_ld(a: dict, graph: bool = False) -> str:
    article = {
        "@type": "NewsArticle", "headline": a["title"], "description": a["standfirst"] or None,
        "datePublished": a["published"], "dateModified": a["modified"],
        "author": [{"@type": "Person", "name": a["author"],
                    "url": f"https://{a['domain']}/author/{a['author'].lower().replace(' ', '-')}"}],
        "publisher": {"@type": "Organization", "name": a["site"],
                      "logo": {"@type": "ImageObject",
                               "url": f"https://{a['domain']}/static/logo.png"}},
        "mainEntityOfPage": f"https://{a['domain']}{a['url_path']}",
        "image": [f"https://{a['domain']}/media/lead-1200x675.jpg"],
        "articleSection": a["section"], "isAccessibleForFree": True,
    }
    article = {k: v for k, v in article.items() if v is not None}
    if graph:   # the way Yoast-style plugins publish it: one @graph of linked nodes
        data = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "@id": f"https://{a['domain']}/#website", "name": a["site"],
             "url": f"https://{a['domain']}/"},
            {"@type": "WebPage", "@id": f"https://{a['domain']}{a['url_path']}#webpage",
             "name": a["title"], "isPartOf": {"@id": f"https://{a['domain']}/#website"}},
            {**article, "@id": f"https://{a['domain']}{a['url_path']}#article",
             "isPartOf": {"@id": f"https://{a['domain']}{a['url_path']}#webpage"}},
            {"@type": "BreadcrumbList", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home",
                 "item": f"https://{a['domain']}/"},
                {"@type": "ListItem", "position": 2, "name": a["section"]}]},
        ]}
    else:
        data = {"@context": "https://schema.org", **article}
    return json.dumps(data, ensure_ascii=False, indent=2)


def opengraph(a: dict, with_time: bool = True) -> str:
    url = f"https://{a['domain']}{a['url_path']}"
    tags = [
        ("property", "og:type", "article"), ("property", "og:site_name", a["site"]),
        ("property", "og:title", a["title"]), ("property", "og:description", a["standfirst"]),
        ("property", "og:url", url),
        ("property", "og:image", f"https://{a['domain']}/media/lead-1200x675.jpg"),
        ("property", "article:section", a["section"]),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", a["title"]),
    ]
    if with_time:
        tags += [("property", "article:published_time", a["published"]),
                 ("property", "article:modified_time", a["modified"])]
    return "\n".join(f'<meta {k}="{v}" content="{html.escape(c)}">' for k, v, c in tags if c)


# ---- site A: a broadsheet with a classic article template --------------------------------------
def meridian_page(a: dict) -> tuple[str, dict]:
    g = Gold(a)
    nav = ["Home", "World", "Europe", "Politics", "Business", "Climate", "Sport", "Culture",
           "Opinion", "Podcasts"]
    body: list[str] = []
    for i, p in enumerate(a["paragraphs"]):
        if p.startswith("## "):
            body.append(f"<h2>{inline(p[3:], True)}</h2>")
        else:
            body.append(f"<p>{inline(p, True)}</p>")
        insert = a["inserts"].get(i)
        if insert == "social":
            post, who, when = a["social"]
            g.other.append(post)       # an embedded post is quoted story material
            g.furniture(who, when)
            body.append(f'<blockquote class="twitter-tweet" data-dnt="true"><p lang="en">'
                        f'{html.escape(post)}</p>&mdash; {html.escape(who)} <a href="https://'
                        f'social.example/RescueRegion/status/1900">{when}</a></blockquote>'
                        '<script async src="https://social.example/widgets.js"></script>')
        elif insert == "figure":
            caption, credit = a["figure"]
            g.other.append(caption)
            g.furniture(f"Photograph: {credit}")
            body.append(f'<figure class="inline-image"><img src="/media/2025/03/14/vinterby-'
                        f'hall-800.jpg" alt="" width="800" height="533"><figcaption>'
                        f'{html.escape(caption)} <span class="credit">Photograph: {credit}'
                        '</span></figcaption></figure>')
        elif insert == "read_more":
            title, href = a["read_more"]
            g.furniture("Read more:", title)
            body.append(f'<aside class="inline-related"><strong>Read more:</strong> '
                        f'<a href="{href}">{html.escape(title)}</a></aside>')
        elif insert == "ad":
            g.furniture("Advertisement")
            body.append('<div class="ad ad-inarticle" data-slot="inarticle-1"><span '
                        'class="ad-label">Advertisement</span><div id="div-gpt-ad-inarticle-1">'
                        '</div></div>')
        elif insert == "newsletter":
            text = ("Sign up for our Morning Briefing newsletter: the day’s essential stories, "
                    "in your inbox before 7am.")
            g.furniture("Morning Briefing", text, "Sign up", "Your email address",
                        "We will use your email address only to send you the newsletter. "
                        "See our privacy notice.")
            body.append(
                '<div class="newsletter-signup"><h3>Morning Briefing</h3>'
                f'<p>{html.escape(text)}</p><form action="/newsletters/signup" method="post">'
                '<label for="nl-email">Your email address</label><input id="nl-email" '
                'type="email" name="email" placeholder="you@example.com">'
                '<button type="submit">Sign up</button></form><p class="small">We will use your '
                'email address only to send you the newsletter. See our <a href="/privacy">'
                'privacy notice</a>.</p></div>')
    cookie = ("We use cookies to improve your experience on our site and to show you "
              "personalised advertising. By clicking Accept all, you agree to the storing of "
              "cookies on your device.")
    g.furniture(cookie, "Manage preferences", "Accept all", "Skip to main content",
                "Subscribe", "Sign in", "UK edition", *nav, "Share on Facebook", "Share on X",
                "Share by email", "Copy link", "Topics", "Floods", "Infrastructure",
                a["author_bio"], "Follow Ilse on Mastodon", "Most read", "More on this story",
                "Comments (4)", "Comments on this article are now closed.",
                "About us", "Contact", "Complaints and corrections", "Terms and conditions",
                "Privacy policy", "Cookie settings", "Work for us",
                "© 2025 Meridian Herald Media Ltd. All rights reserved. Registered in England "
                "and Wales No. 0908172.", "Northern correspondent", a["date_shown"])
    for t, teaser in a["related"]:
        g.furniture(t, teaser)
    g.furniture(*a["most_read"])
    for who, when, text in a["comments"]:
        g.furniture(who, when, text)
    url = f"https://{a['domain']}{a['url_path']}"
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(a['title'])} | {html.escape(a['site'])}</title>
<meta name="description" content="{html.escape(a['standfirst'])}">
<meta name="author" content="{html.escape(a['author'])}">
{opengraph(a)}
<meta property="article:author" content="https://{a['domain']}/profile/ilse-marten">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/static/css/main.4f3a2c.css">
<link rel="alternate" type="application/rss+xml" title="Europe" href="/world/europe/rss">
<script type="application/ld+json">
{json_ld(a)}
</script>
<script>
window.dataLayer = window.dataLayer || [];
window.dataLayer.push({{"pageType": "article", "section": "{a['section']}", "paywall": false}});
</script>
<script async src="/static/js/ads.bundle.js"></script>
<style>
.cookie-consent{{position:fixed;bottom:0;left:0;right:0;background:#052962;color:#fff}}
.ad{{min-height:250px;background:#f6f6f6}}
</style>
</head>
<body class="article-page section-europe">
<div id="cookie-banner" class="cookie-consent" role="dialog" aria-label="Cookie consent">
  <p>{html.escape(cookie)}</p>
  <button class="btn-secondary" data-action="manage">Manage preferences</button>
  <button class="btn-primary" data-action="accept">Accept all</button>
</div>
<a class="skip-link" href="#maincontent">Skip to main content</a>
<header class="site-header">
  <div class="masthead">
    <a href="/" class="logo" aria-label="{html.escape(a['site'])} home"><svg viewBox="0 0 300 40"><text x="0" y="30">The Meridian Herald</text></svg></a>
    <span class="edition">UK edition</span>
    <a class="subscribe" href="/subscribe">Subscribe</a>
    <a class="sign-in" href="/signin">Sign in</a>
  </div>
  <nav class="primary-nav" aria-label="Sections">
    <ul>{''.join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in nav)}</ul>
  </nav>
  <div class="ad ad-leaderboard" data-slot="top-above-nav"><span class="ad-label">Advertisement</span><div id="div-gpt-ad-top"></div></div>
</header>
<main id="maincontent">
<div class="layout">
<article class="story" data-content-id="news/2025/mar/14/ostervik">
  <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/world">World</a> › <a href="/world/europe">Europe</a></nav>
  <header class="story-header">
    <h1 class="headline">{inline(a['title'], True)}</h1>
    <p class="standfirst">{inline(a['standfirst'], True)}</p>
    <div class="meta">
      <div class="byline">By <a rel="author" href="/profile/ilse-marten">{a['author']}</a>, <span class="role">Northern correspondent</span></div>
      <time class="dateline" datetime="{a['published']}">{a['date_shown']}</time>
    </div>
    <ul class="share" aria-label="Share this article">
      <li><a href="https://facebook.example/share?u={url}">Share on Facebook</a></li>
      <li><a href="https://x.example/intent?u={url}">Share on X</a></li>
      <li><a href="mailto:?subject={html.escape(a['title'])}">Share by email</a></li>
      <li><button data-copy="{url}">Copy link</button></li>
    </ul>
  </header>
  <figure class="lead-image">
    <img src="/media/2025/03/14/ostervik-flood-1200.jpg" alt="Rescue workers in a flooded street" width="1200" height="720">
    <figcaption>{inline(a['caption'], True)} <span class="credit">Photograph: {a['credit']}</span></figcaption>
  </figure>
  <div class="story-body" itemprop="articleBody">
    {chr(10).join('    ' + b for b in body).strip()}
  </div>
  <footer class="story-footer">
    <div class="tags">Topics: <a href="/topics/floods">Floods</a> <a href="/topics/infrastructure">Infrastructure</a> <a href="/world/europe">Europe</a></div>
    <div class="author-box">
      <img src="/media/profiles/ilse-marten.jpg" alt="">
      <p>{inline(a['author_bio'], True)}</p>
      <a href="https://social.example/@ilsemarten">Follow Ilse on Mastodon</a>
    </div>
  </footer>
</article>
<aside class="sidebar">
  <section class="most-read">
    <h2>Most read</h2>
    <ol>{''.join(f'<li><a href="/story/{i}"><span class="rank">{i}</span> {html.escape(t)}</a></li>' for i, t in enumerate(a['most_read'], 1))}</ol>
  </section>
  <div class="ad ad-mpu" data-slot="right-mpu"><span class="ad-label">Advertisement</span></div>
</aside>
</div>
<section class="related" aria-label="More on this story">
  <h2>More on this story</h2>
  <ul>{''.join(f'<li class="card"><a href="/related/{i}"><h3>{html.escape(t)}</h3><p class="teaser">{html.escape(s)}</p></a></li>' for i, (t, s) in enumerate(a['related']))}</ul>
</section>
<section class="comments" id="comments">
  <h2>Comments (4)</h2>
  <p class="comments-note">Comments on this article are now closed.</p>
  {''.join(f'<div class="comment"><span class="comment-author">{html.escape(w)}</span> <time>{html.escape(t)}</time><p>{html.escape(c)}</p></div>' for w, t, c in a['comments'])}
</section>
</main>
<footer class="site-footer">
  <ul>
    <li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
    <li><a href="/corrections">Complaints and corrections</a></li>
    <li><a href="/terms">Terms and conditions</a></li><li><a href="/privacy">Privacy policy</a></li>
    <li><a href="#" data-action="cookie-settings">Cookie settings</a></li><li><a href="/jobs">Work for us</a></li>
  </ul>
  <p class="copyright">© 2025 Meridian Herald Media Ltd. All rights reserved. Registered in England and Wales No. 0908172.</p>
</footer>
<script src="/static/js/main.8d1e77.js" defer></script>
</body>
</html>
"""
    return page, g.record()


# ---- site B: a digital outlet with component markup and an embedded video ----------------------
def coastline_page(a: dict) -> tuple[str, dict]:
    g = Gold(a)
    nav = ["News", "World", "Business", "Climate", "Tech", "Travel", "Video", "Newsletters"]
    body: list[str] = []
    for i, p in enumerate(a["paragraphs"]):
        if p.startswith("## "):
            body.append(f'<h2 class="c-article__subheading">{inline(p[3:])}</h2>')
        else:
            body.append(f'<p class="c-article__paragraph">{inline(p)}</p>')
        insert = a["inserts"].get(i)
        if insert == "video":
            g.furniture("Play video", "Video duration 2 minutes 14 seconds", "2:14")
            body.append(
                '<figure class="c-video" data-component="video-embed">'
                '<div class="c-video__player"><button class="c-video__play" aria-label="Play '
                'video">Play video</button><iframe src="https://video.coastlinedaily.example/'
                'embed/ostervik-drone-a81234" title="Drone footage over Ostervik" '
                'allow="autoplay; fullscreen" loading="lazy"></iframe>'
                '<span class="c-video__duration" aria-label="Video duration 2 minutes 14 '
                'seconds">2:14</span></div>'
                f'<figcaption class="c-video__caption">{inline(a["video_caption"])} '
                f'<span class="c-video__credit">({a["video_credit"]})</span></figcaption>'
                '</figure>')
            g.other.append(a["video_credit"])
        elif insert == "read_next":
            title, teaser = a["related"][1]
            g.furniture("Read next", title, teaser)
            body.append('<div class="c-inline-recirc" data-component="read-next"><h4>Read next'
                        f'</h4><a href="/r/next"><span class="c-inline-recirc__title">'
                        f'{html.escape(title)}</span><p class="c-inline-recirc__teaser">'
                        f'{html.escape(teaser)}</p></a></div>')
        elif insert == "related_inline":
            title, href = a["related_inline"]
            g.furniture("Related:", title)
            body.append(f'<div class="c-related-inline"><span>Related:</span> <a href="{href}">'
                        f'{html.escape(title)}</a></div>')
        elif insert == "ad":
            g.furniture("ADVERTISEMENT", "Story continues below advertisement")
            body.append('<div class="c-ad c-ad--inline" aria-hidden="true"><p class="c-ad__label">'
                        'ADVERTISEMENT</p><div data-ad-unit="inline-2"></div><p '
                        'class="c-ad__note">Story continues below advertisement</p></div>')
    consent = ("Your privacy matters. We and our 143 partners store and access information on "
               "your device, such as cookies, and process personal data to personalise ads and "
               "content, measure their performance and develop our services.")
    ticker = "LIVE: Storm warnings issued for the west coast"
    g.furniture(consent, "Agree and close", "Reject optional cookies", "Show purposes",
                ticker, *nav, "Menu", "Search", "Log in", "Listen", "Save", "Share",
                "4 min read", "You may also like", "Most popular", "Comments", "Sort by: Newest",
                "Log in to comment", a["author_bio"], "More from Tomas Reyes",
                "Coastline Daily is part of Shoreline Media Group.",
                "Newsletter", "The Evening Tide: a calm round-up of the day’s news, every weekday.",
                "Subscribe for free", "Privacy", "Terms of use", "Accessibility", "Advertise",
                "Contact us", "© Shoreline Media Group 2025", a["date_shown"], "Europe reporter",
                "Updated")
    for t, teaser in a["related"]:
        g.furniture(t, teaser)
    g.furniture(*a["most_read"])
    for who, when, text in a["comments"]:
        g.furniture(who, when, text)
    url = f"https://{a['domain']}{a['url_path']}"
    page = f"""<!doctype html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<title>{html.escape(a['title'])} - {html.escape(a['site'])}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="description" content="{html.escape(a['standfirst'])}">
{opengraph(a)}
<link rel="canonical" href="{url}">
<link rel="preload" href="/assets/fonts/coast-sans.woff2" as="font" crossorigin>
<script type="application/ld+json">{json_ld(a)}</script>
<script>!function(){{var d=document.documentElement;d.className=d.className.replace("no-js","js")}}();</script>
<script src="https://cmp.consent.example/v2/stub.js" async></script>
</head>
<body>
<div id="__app">
<div class="cmp-modal" role="dialog" aria-modal="true" data-component="consent">
  <div class="cmp-modal__body">
    <h2 class="cmp-modal__title">We value your privacy</h2>
    <p>{html.escape(consent)}</p>
    <div class="cmp-modal__buttons"><button>Agree and close</button><button>Reject optional cookies</button><button>Show purposes</button></div>
  </div>
</div>
<div class="c-ticker" data-component="live-ticker"><a href="/live/storm-warnings">{html.escape(ticker)}</a></div>
<header class="c-header" data-component="site-header">
  <button class="c-header__menu" aria-expanded="false">Menu</button>
  <a class="c-header__logo" href="/"><img src="/assets/logo.svg" alt="{html.escape(a['site'])}"></a>
  <nav class="c-header__nav"><ul>{''.join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in nav)}</ul></nav>
  <div class="c-header__tools"><a href="/search">Search</a> <a href="/account/login">Log in</a></div>
</header>
<div class="c-ad c-ad--top" aria-hidden="true"><p class="c-ad__label">ADVERTISEMENT</p><div data-ad-unit="top"></div></div>
<main class="c-page">
  <div class="c-article" data-component="article">
    <div class="c-article__header">
      <a class="c-article__kicker" href="/world/europe">Europe</a>
      <h1 class="c-article__title">{inline(a['title'])}</h1>
      <div class="c-article__standfirst"><p>{inline(a['standfirst'])}</p></div>
      <div class="c-article__meta">
        <div class="c-byline"><img class="c-byline__avatar" src="/authors/tomas-reyes.jpg" alt=""><a class="c-byline__name" href="/authors/tomas-reyes">{a['author']}</a><span class="c-byline__role">Europe reporter</span></div>
        <div class="c-article__dates"><time datetime="{a['published']}">{a['date_shown']}</time> · <span>Updated</span> <time datetime="{a['modified']}">19:45 GMT</time> · <span>4 min read</span></div>
      </div>
      <div class="c-article__actions"><button>Listen</button><button>Save</button><button>Share</button></div>
    </div>
    <div class="c-article__body" data-component="article-body">
      {chr(10).join('      ' + b for b in body).strip()}
    </div>
    <div class="c-author-card" data-component="author-card">
      <img src="/authors/tomas-reyes.jpg" alt="">
      <div><a href="/authors/tomas-reyes" class="c-author-card__name">{a['author']}</a>
      <p class="c-author-card__bio">{inline(a['author_bio'])}</p>
      <a href="/authors/tomas-reyes">More from Tomas Reyes</a></div>
    </div>
    <div class="c-newsletter" data-component="newsletter">
      <h3>Newsletter</h3><p>The Evening Tide: a calm round-up of the day’s news, every weekday.</p>
      <form><input type="email" aria-label="Email"><button>Subscribe for free</button></form>
    </div>
    <section class="c-recirc" data-component="you-may-also-like">
      <h2>You may also like</h2>
      <div class="c-recirc__grid">{''.join(f'<a class="c-card" href="/r/{i}"><div class="c-card__title">{html.escape(t)}</div><div class="c-card__teaser">{html.escape(s)}</div></a>' for i, (t, s) in enumerate(a['related']))}</div>
    </section>
    <section class="c-comments" id="comments" data-component="comments">
      <h2>Comments</h2><div class="c-comments__toolbar"><span>Sort by: Newest</span> <a href="/account/login">Log in to comment</a></div>
      <ul>{''.join(f'<li class="c-comment"><div class="c-comment__head"><b>{html.escape(w)}</b> <span>{html.escape(t)}</span></div><div class="c-comment__body">{html.escape(c)}</div></li>' for w, t, c in a['comments'])}</ul>
    </section>
  </div>
  <aside class="c-rail" data-component="most-popular">
    <h2>Most popular</h2>
    <ol>{''.join(f'<li><a href="/p/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(a['most_read']))}</ol>
    <div class="c-ad c-ad--rail" aria-hidden="true"><p class="c-ad__label">ADVERTISEMENT</p></div>
  </aside>
</main>
<footer class="c-footer">
  <p>Coastline Daily is part of Shoreline Media Group.</p>
  <ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/accessibility">Accessibility</a></li><li><a href="/advertise">Advertise</a></li><li><a href="/contact">Contact us</a></li></ul>
  <small>© Shoreline Media Group 2025</small>
</footer>
</div>
<script src="/assets/app.3b9c.js" defer></script>
</body>
</html>
"""
    return page, g.record()


# ---- site C: a regional paper on a CMS with schema.org microdata and a Yoast-style @graph -----
def northgate_page(a: dict) -> tuple[str, dict]:
    g = Gold(a)
    nav = ["News", "Local news", "Sport", "What's on", "Property", "Jobs", "Announcements"]
    body: list[str] = []
    for i, p in enumerate(a["paragraphs"]):
        if p.startswith("## "):
            body.append(f"<h3>{inline(p[3:])}</h3>")
        else:
            body.append(f"<p>{inline(p)}</p>")
        insert = a["inserts"].get(i)
        if insert == "pullquote":
            g.other.append(a["pullquote"])   # repeats the story's words: must not be a 2nd passage
            body.append(f'<aside class="pullquote"><p>{html.escape(a["pullquote"])}</p></aside>')
        elif insert == "read_more":
            title, href = a["read_more"]
            g.furniture("READ MORE:", title)
            body.append(f'<p class="read-more"><strong>READ MORE:</strong> <a href="{href}">'
                        f'{html.escape(title)}</a></p>')
        elif insert == "ad":
            g.furniture("Advertisement", "Continue reading below")
            body.append('<div class="mpu-ad"><small>Advertisement</small><ins class="adslot">'
                        '</ins><small>Continue reading below</small></div>')
        elif insert == "newsletter":
            text = "Get the Courier’s top stories in your inbox every morning."
            g.furniture(text, "Sign me up", "By signing up you agree to our privacy policy.")
            body.append(f'<div class="inline-newsletter"><p>{html.escape(text)}</p><form><input '
                        'type="email"><button>Sign me up</button></form><p class="legal">By '
                        'signing up you agree to our privacy policy.</p></div>')
    cookie = ("This website uses cookies. Some are essential to make the site work; others help "
              "us understand how you use it and show you relevant adverts.")
    g.furniture(cookie, "Accept cookies", "Cookie settings", *nav, "Listen to this article",
                "5 min read", "Print this page", "Email", "Share",
                "Topics:", "Tram", "Northgate city council", "Eastfield", a["author_bio"],
                "Latest news", "Most read", "Related stories", "Have your say",
                "Comments are moderated and may take a few minutes to appear.",
                "Post comment", "Reply", "Northgate Courier, Harbour Square 4, Northgate.",
                "Contact the newsroom", "Advertise with us", "Privacy & cookies", "Terms",
                "Copyright © 2025 Northgate Courier Ltd", a["date_shown"],
                "Local democracy reporter", "Sign up to newsletters", "E-edition",
                "Council budget: what the 2025 plan means for you",
                "Harbour Square market returns for the summer",
                "Northgate schools top regional league tables")
    latest = ["Council budget: what the 2025 plan means for you",
              "Harbour Square market returns for the summer",
              "Northgate schools top regional league tables"]
    for t, teaser in a["related"]:
        g.furniture(t, teaser)
    g.furniture(*a["most_read"])
    for who, when, text in a["comments"]:
        g.furniture(who, when, text)
    url = f"https://{a['domain']}{a['url_path']}"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(a['title'])} | {html.escape(a['site'])}</title>
<meta name="robots" content="index, follow, max-image-preview:large">
{opengraph(a, with_time=False)}
<link rel="canonical" href="{url}">
<script type="application/ld+json" class="yoast-schema-graph">{json_ld(a, graph=True)}</script>
<link rel="stylesheet" id="theme-css" href="/wp-content/themes/courier/style.css?ver=6.8" media="all">
</head>
<body class="post-template-default single single-post postid-44817 single-format-standard">
<div id="cookie-notice" class="cn-notice" role="dialog"><div class="cn-text">{html.escape(cookie)}</div><a class="cn-accept" href="#">Accept cookies</a> <a class="cn-settings" href="#">Cookie settings</a></div>
<div id="page" class="site">
<div class="top-bar"><a href="/newsletters">Sign up to newsletters</a> | <a href="/e-edition">E-edition</a></div>
<header id="masthead" class="site-header">
  <div class="site-branding"><p class="site-title"><a href="/" rel="home">Northgate Courier</a></p></div>
  <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{''.join(f'<li class="menu-item"><a href="/{n.lower().replace(" ", "-")}/">{html.escape(n)}</a></li>' for n in nav)}</ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main">
<div class="post-44817 post type-post status-publish" itemscope itemtype="https://schema.org/NewsArticle">
  <div class="entry-header">
    <span class="cat-links"><a href="/local-news/">Local news</a></span>
    <h1 class="entry-title" itemprop="headline">{inline(a['title'])}</h1>
    <h2 class="entry-subtitle">{inline(a['standfirst'])}</h2>
    <div class="entry-meta">
      <span class="byline">By <span class="author vcard" itemprop="author" itemscope itemtype="https://schema.org/Person"><a class="url fn n" href="/author/rana-okafor/" itemprop="name">{a['author']}</a></span>, Local democracy reporter</span>
      <span class="posted-on"><time class="entry-date published" datetime="{a['published']}" itemprop="datePublished">{a['date_shown']}</time></span>
    </div>
    <div class="article-tools"><button class="listen">Listen to this article</button> <span class="reading-time">5 min read</span> <a href="javascript:print()">Print this page</a> <a href="mailto:">Email</a> <a href="#share">Share</a></div>
  </div>
  <div class="post-thumbnail"><img src="/wp-content/uploads/2025/04/tram-line2.jpg" alt="" itemprop="image"><p class="wp-caption-text">{inline(a['caption'])} Picture: {a['credit']}</p></div>
  <div class="entry-content" itemprop="articleBody">
{chr(10).join('    ' + b for b in body)}
  </div>
  <footer class="entry-footer">
    <span class="tags-links">Topics: <a href="/tag/tram/" rel="tag">Tram</a>, <a href="/tag/council/" rel="tag">Northgate city council</a>, <a href="/tag/eastfield/" rel="tag">Eastfield</a></span>
    <div class="author-info"><div class="author-avatar"><img src="/avatars/rana.jpg" alt=""></div><div class="author-description"><h2 class="author-title">{a['author']}</h2><p class="author-bio">{inline(a['author_bio'])}</p></div></div>
  </footer>
</div>
<div class="related-posts"><h2>Related stories</h2>{''.join(f'<article class="related-post"><h3><a href="/r/{i}/">{html.escape(t)}</a></h3><p>{html.escape(s)}</p></article>' for i, (t, s) in enumerate(a['related']))}</div>
<div id="comments" class="comments-area">
  <h2 class="comments-title">Have your say</h2>
  <p class="comment-notes">Comments are moderated and may take a few minutes to appear.</p>
  <ol class="comment-list">{''.join(f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{html.escape(w)}</b> <time>{html.escape(t)}</time></footer><div class="comment-content"><p>{html.escape(c)}</p></div><a class="comment-reply-link" href="#">Reply</a></article></li>' for w, t, c in a['comments'])}</ol>
  <form id="commentform"><textarea name="comment"></textarea><input type="submit" value="Post comment"></form>
</div>
</main>
</div>
<aside id="secondary" class="widget-area">
  <section class="widget widget_latest"><h2 class="widget-title">Latest news</h2><ul>{''.join(f'<li><a href="/l/{i}/">{html.escape(t)}</a></li>' for i, t in enumerate(latest))}</ul></section>
  <section class="widget widget_most_read"><h2 class="widget-title">Most read</h2><ol>{''.join(f'<li><a href="/m/{i}/">{html.escape(t)}</a></li>' for i, t in enumerate(a['most_read']))}</ol></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
  <div class="site-info"><p>Northgate Courier, Harbour Square 4, Northgate.</p><p><a href="/contact/">Contact the newsroom</a> · <a href="/advertise/">Advertise with us</a> · <a href="/privacy/">Privacy &amp; cookies</a> · <a href="/terms/">Terms</a></p><p>Copyright © 2025 Northgate Courier Ltd</p></div>
</footer>
</div>
</body>
</html>
"""
    return page, g.record()


# ---- site D: a small local site on an older blog theme ------------------------------------------
def harbour_page(a: dict) -> tuple[str, dict]:
    g = Gold(a)
    nav = ["Home", "News", "Transport", "Business", "Islands", "Letters", "About"]
    body: list[str] = []
    for i, p in enumerate(a["paragraphs"]):
        if p.startswith("## "):
            body.append(f"<p><strong>{inline(p[3:], True)}</strong></p>")
        else:
            body.append(f"<p>{inline(p, True)}</p>")
        insert = a["inserts"].get(i)
        if insert == "read_more":
            title, href = a["read_more"]
            g.furniture("Also read:", title)
            body.append(f'<p><em>Also read: <a href="{href}">{html.escape(title)}</a></em></p>')
        elif insert == "ad":
            g.furniture("Sponsored", "Book your summer crossing now and save 20%",
                        "Island Lines – fares from 99 crowns.")
            body.append('<div class="sponsored"><span class="label">Sponsored</span>'
                        '<a href="https://ads.example/click?id=771"><b>Book your summer crossing '
                        'now and save 20%</b> Island Lines &ndash; fares from 99 crowns.</a></div>')
    cookie = "We use cookies on this site. By continuing to browse you agree to our use of cookies."
    g.furniture(cookie, "OK", "More info", *nav, "Posted by", "in", "Transport",
                "Share this:", "Facebook", "X", "Email", "Print", "Like this:", "Like",
                "Be the first to like this.", "Related", "About the author", a["author_bio"],
                "3 Responses", "Leave a Reply", "Your email address will not be published. "
                "Required fields are marked *", "Comment", "Name *", "Email *", "Post Comment",
                "Recent Posts", "Archives", "April 2025", "March 2025", "February 2025",
                "Categories", "Islands", "Letters", "Subscribe via email",
                "Enter your email address to receive notifications of new posts by email.",
                "The Harbour Gazette – independent news for the northern islands since 1998.",
                "Proudly powered by an open-source blog engine", a["date_shown"],
                "Search for:", "Most read this week")
    recent = ["Lindholm fish market to reopen after fire", "Harbour pool closed for repairs until June",
              "Letters: the new bridge is a waste of money"]
    g.furniture(*recent)
    for t, teaser in a["related"]:
        g.furniture(t, teaser)
    g.furniture(*a["most_read"])
    for who, when, text in a["comments"]:
        g.furniture(who, when, text)
    url = f"https://{a['domain']}{a['url_path']}"
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en-US">
<head profile="http://gmpg.org/xfn/11">
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{html.escape(a['title'])} &laquo; {html.escape(a['site'])}</title>
{opengraph(a)}
<meta name="author" content="{a['author']}" />
<link rel="canonical" href="{url}" />
<script type="application/ld+json">{json_ld(a)}</script>
<link rel="stylesheet" href="/wp-content/themes/gazette-classic/style.css" type="text/css" media="screen" />
</head>
<body>
<div id="eu-cookie-law"><p>{html.escape(cookie)} <a href="#">OK</a> <a href="/cookies/">More info</a></p></div>
<div id="wrapper">
<div id="header"><h1 class="blog-title"><a href="/">The Harbour Gazette</a></h1>
<p class="description">The Harbour Gazette &ndash; independent news for the northern islands since 1998.</p></div>
<ul id="nav">{''.join(f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in nav)}</ul>
<div id="container">
<div id="content">
<div class="post" id="post-9912">
<h2 class="entry-title"><a href="{url}" rel="bookmark">{inline(a['title'], True)}</a></h2>
<div class="postmeta">Posted by <span class="author">{a['author']}</span> on <abbr class="published" title="{a['published']}">{a['date_shown']}</abbr> in <a href="/category/transport/">Transport</a></div>
<div class="entry">
<div class="wp-caption aligncenter"><img src="/wp-content/uploads/2025/04/lindholm-queue.jpg" alt="" width="600" height="400" /><p class="wp-caption-text">{inline(a['caption'], True)} {a['credit']}</p></div>
{chr(10).join(body)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a class="share-facebook" href="#">Facebook</a></li><li><a class="share-x" href="#">X</a></li><li><a class="share-email" href="#">Email</a></li><li><a class="share-print" href="#">Print</a></li></ul></div>
<div class="sharedaddy sd-like"><h3 class="sd-title">Like this:</h3><a href="#">Like</a> <span>Be the first to like this.</span></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>{''.join(f'<div class="jp-relatedposts-post"><h4><a href="/r/{i}/">{html.escape(t)}</a></h4><p class="jp-relatedposts-post-excerpt">{html.escape(s)}</p></div>' for i, (t, s) in enumerate(a['related']))}</div>
</div>
<div class="author-box"><h4>About the author</h4><p>{inline(a['author_bio'], True)}</p></div>
</div>
<div id="comments"><h3>3 Responses</h3>
<ol class="commentlist">{''.join(f'<li class="comment"><div class="comment-author vcard"><cite class="fn">{html.escape(w)}</cite></div><div class="comment-meta">{html.escape(t)}</div><p>{html.escape(c)}</p></li>' for w, t, c in a['comments'])}</ol>
<div id="respond"><h3>Leave a Reply</h3><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<form action="/wp-comments-post.php" method="post"><p><label>Comment</label><textarea name="comment"></textarea></p><p><label>Name *</label><input name="author" /></p><p><label>Email *</label><input name="email" /></p><p><input type="submit" value="Post Comment" /></p></form></div>
</div>
</div>
<div id="sidebar">
<ul>
<li><form id="searchform" action="/"><label>Search for:</label><input type="text" name="s" /></form></li>
<li><h2>Most read this week</h2><ul>{''.join(f'<li><a href="/m/{i}/">{html.escape(t)}</a></li>' for i, t in enumerate(a['most_read']))}</ul></li>
<li><h2>Recent Posts</h2><ul>{''.join(f'<li><a href="/p/{i}/">{html.escape(t)}</a></li>' for i, t in enumerate(recent))}</ul></li>
<li><h2>Archives</h2><ul><li><a href="/2025/04/">April 2025</a></li><li><a href="/2025/03/">March 2025</a></li><li><a href="/2025/02/">February 2025</a></li></ul></li>
<li><h2>Categories</h2><ul><li><a href="/category/islands/">Islands</a></li><li><a href="/category/letters/">Letters</a></li><li><a href="/category/transport/">Transport</a></li></ul></li>
<li><h2>Subscribe via email</h2><p>Enter your email address to receive notifications of new posts by email.</p></li>
</ul>
</div>
</div>
<div id="footer"><p>Proudly powered by an open-source blog engine</p></div>
</div>
</body>
</html>
"""
    return page, g.record()


def not_found_page() -> str:
    """A site's "page not found": all furniture, no story."""
    nav = ["Home", "World", "Europe", "Politics", "Business", "Climate", "Sport", "Culture"]
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Page not found | The Meridian Herald</title>
<meta property="og:site_name" content="The Meridian Herald">
<meta property="og:type" content="website">
<meta name="robots" content="noindex">
</head>
<body class="error-page">
<div id="cookie-banner" class="cookie-consent" role="dialog"><p>We use cookies to improve your experience on our site and to show you personalised advertising. By clicking Accept all, you agree to the storing of cookies on your device.</p><button>Manage preferences</button><button>Accept all</button></div>
<header class="site-header"><a href="/" class="logo">The Meridian Herald</a>
<nav class="primary-nav"><ul>{''.join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in nav)}</ul></nav></header>
<main id="maincontent">
<h1>Sorry – we couldn’t find that page</h1>
<p>You may have followed a broken link, or the page may have been removed.</p>
<p><a href="/">Go to the home page</a> or <a href="/search">search the site</a>.</p>
<section class="most-read"><h2>Most read</h2><ol>
<li><a href="/1">Central bank holds rates as inflation cools</a></li>
<li><a href="/2">The quiet comeback of the night train</a></li>
<li><a href="/3">Ski resorts face shortest season on record</a></li>
</ol></section>
</main>
<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li></ul>
<p class="copyright">© 2025 Meridian Herald Media Ltd. All rights reserved.</p></footer>
</body>
</html>
"""


# ---- the two-column PDF ---------------------------------------------------------------------------
def report_html(r: dict) -> str:
    def para(t: str) -> str:
        return "<p>" + soft_hyphens(html.escape(t)).replace("~", "&shy;") + "</p>"

    sections = "".join(f"<h2>{html.escape(h)}</h2>{''.join(para(p) for p in ps)}"
                       for h, ps in r["sections"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(r['title'])}</title>
<style>
@page {{ size: A4; margin: 22mm 18mm 20mm 18mm; }}
body {{ font-family: "DejaVu Serif", serif; font-size: 11.5pt; line-height: 1.4; color: #111; }}
.title {{ font-family: "DejaVu Sans", sans-serif; font-size: 20pt; font-weight: bold; margin: 0 0 4pt; }}
.issuer, .date {{ font-family: "DejaVu Sans", sans-serif; font-size: 10pt; margin: 0; color: #333; }}
.rule {{ border-top: 1.5pt solid #234; margin: 8pt 0 10pt; }}
.cols {{ column-count: 2; column-gap: 9mm; text-align: justify; }}
h2 {{ font-family: "DejaVu Sans", sans-serif; font-size: 11.5pt; margin: 9pt 0 3pt; break-after: avoid; }}
p {{ margin: 0 0 6pt; text-indent: 0; orphans: 2; widows: 2; }}
</style></head>
<body>
<p class="title">{html.escape(r['title'])}</p>
<p class="issuer">{html.escape(r['issuer'])}</p>
<p class="date">{html.escape(r['date_line'])}</p>
<div class="rule"></div>
<div class="cols">{sections}</div>
</body></html>"""


def soft_hyphens(text: str) -> str:
    """Offer a break point in every long word (after a vowel-consonant pair, away from the ends),
    so the justified columns break words at line ends with a printed hyphen."""
    def split(match: re.Match[str]) -> str:
        word = match.group()
        for i in range(5, len(word) - 4):
            if word[i - 1] in "aeiou" and word[i] not in "aeiou":
                return word[:i] + "~" + word[i:]
        return word

    return re.sub(r"(?<![~&#\w])[a-z]{9,}(?![~\w;])", split, text)


def wire_html(a: dict) -> str:
    """Wire copy: one column, indented paragraphs without spacing, headline and byline."""
    paras = "".join(f"<p>{soft_hyphens(html.escape(plain(p))).replace('~', '&shy;')}</p>"
                    for p in a["paragraphs"] if not p.startswith("## "))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(a['title'])}</title>
<style>
body {{ font-family: "DejaVu Serif", serif; font-size: 11pt; line-height: 1.45; text-align: justify; }}
h1 {{ font-family: "DejaVu Sans", sans-serif; font-size: 15pt; margin: 0 0 6pt; text-align: left; }}
.byline {{ font-family: "DejaVu Sans", sans-serif; font-size: 9pt; margin: 0 0 12pt; text-align: left; }}
p {{ margin: 0; text-indent: 1.6em; }}
</style></head>
<body><h1>{html.escape(a['title'])}</h1>
<div class="byline">By {html.escape(a['author'])} · Courier Wire · 2 April 2025</div>
{paras}</body></html>"""


def write_pdfs() -> dict:
    from playwright.sync_api import sync_playwright

    r = REPORT
    header = ('<div style="font-size:8px;font-family:DejaVu Sans;width:100%;text-align:center;'
              f'color:#555">{html.escape(r["running_header"])}</div>')
    footer = ('<div style="font-size:8px;font-family:DejaVu Sans;width:100%;text-align:center;'
              'color:#555">Page <span class="pageNumber"></span> of '
              '<span class="totalPages"></span></div>')
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_content(report_html(r))
        pdf = page.pdf(format="A4", display_header_footer=True, header_template=header,
                       footer_template=footer, print_background=True,
                       margin={"top": "22mm", "bottom": "20mm", "left": "18mm",
                               "right": "18mm"})
        wire = browser.new_page()
        wire.set_content(wire_html(NORTHGATE))
        wire_pdf = wire.pdf(format="A5", display_header_footer=True, header_template=(
            '<div style="font-size:7px;font-family:DejaVu Sans;width:100%;text-align:left;'
            'margin-left:14mm">COURIER WIRE · FOR PUBLICATION</div>'), footer_template=(
            '<div style="font-size:8px;font-family:DejaVu Sans;width:100%;text-align:center">'
            '– <span class="pageNumber"></span> –</div>'),
            margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
        browser.close()
    pdf = _set_pdf_metadata(pdf, r)
    (OUT / r["file"]).write_bytes(pdf)
    (OUT / WIRE_FILE).write_bytes(wire_pdf)
    _write_encrypted(pdf)
    _write_scanned()
    body = [p.replace("~", "") for _, ps in r["sections"] for p in ps]
    return {"kind": "pdf", "title": r["title"], "author": r["author"], "published": "2025-03-16",
            "body": body, "other": [h for h, _ in r["sections"]] + [r["issuer"], r["date_line"]],
            "boilerplate": [r["running_header"], "Page 1 of", "Page 2 of", "Page 3 of"]}


def _set_pdf_metadata(pdf: bytes, r: dict) -> bytes:
    """Chromium writes the print time as CreationDate and no author: set what an issuing office's
    export would (the creation date stays the print time, as in real exports)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": r["title"], "/Author": r["author"],
                         "/CreationDate": "D:20250316171204+01'00'",
                         "/ModDate": "D:20250316171204+01'00'"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write_encrypted(pdf: bytes) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="ostervik-2025", owner_password="crisis-staff",
                   algorithm="AES-128")
    with open(OUT / "password-protected-report.pdf", "wb") as handle:
        writer.write(handle)


def _write_scanned() -> None:
    """A 'scanned' notice: text drawn into a greyish, slightly rotated image, saved as an
    image-only PDF the way a scanner or a phone app saves one (no text layer)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    lines = ["OSTERVIK MUNICIPALITY", "", "NOTICE TO RESIDENTS OF THE LOWER TOWN", "",
             "The evacuation zone remains closed until further notice.",
             "Boil all tap water before drinking or cooking.",
             "Emergency payments are made from 18 March.", "", "Helpline: open 08:00-20:00"]
    image = Image.new("L", (1240, 1754), 236)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 34)
    y = 180
    for line in lines:
        draw.text((140, y), line, fill=35, font=font)
        y += 62
    image = image.rotate(0.8, fillcolor=236).filter(ImageFilter.GaussianBlur(0.7))
    image.save(OUT / "scanned-notice.pdf", "PDF", resolution=150.0)


# ---- the Word file ---------------------------------------------------------------------------------
def write_docx() -> dict:
    import docx
    from docx.enum.text import WD_BREAK

    s = STATEMENT
    document = docx.Document()
    props = document.core_properties
    props.title, props.author = s["title"], s["author"]
    props.created = dt.datetime.fromisoformat(s["created"])
    props.modified = dt.datetime.fromisoformat(s["created"])
    section = document.sections[0]
    section.header.paragraphs[0].text = "PRESS RELEASE – FOR IMMEDIATE PUBLICATION"
    section.footer.paragraphs[0].text = "Ostervik Municipality · Town Hall Square 1 · press@ostervik.example"
    document.add_paragraph(s["title"], style="Title")
    document.add_paragraph(s["date_line"], style="Subtitle")
    for kind, text in s["blocks"]:
        if kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    data = _set_company(buffer.getvalue(), s["company"])
    (OUT / s["file"]).write_bytes(data)
    body = [t for k, t in s["blocks"] if k in ("p", "li")]
    return {"kind": "docx", "title": s["title"], "source": s["company"], "author": s["author"],
            "published": s["created"][:10], "body": body,
            "other": [t for k, t in s["blocks"] if k == "h1"] + [s["date_line"]],
            "boilerplate": ["PRESS RELEASE – FOR IMMEDIATE PUBLICATION",
                            "Ostervik Municipality · Town Hall Square 1 · press@ostervik.example"]}


def _set_company(data: bytes, company: str) -> bytes:
    """python-docx does not write docProps/app.xml's <Company>; Word does, from the licence."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                text = content.decode("utf-8")
                text = re.sub(r"<Company>[^<]*</Company>|<Company/>", "", text)
                text = text.replace("</Properties>", f"<Company>{html.escape(company)}</Company>"
                                    "</Properties>")
                content = text.encode("utf-8")
            dst.writestr(item, content)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    gold: dict[str, dict] = {}
    for article, render in ((MERIDIAN, meridian_page), (COASTLINE, coastline_page),
                            (NORTHGATE, northgate_page), (HARBOUR, harbour_page)):
        page, record = render(article)
        (OUT / article["file"]).write_text(page, "utf-8")
        gold[article["file"]] = record
    assert len(PAGES) == 4
    (OUT / "page-not-found.html").write_text(not_found_page(), "utf-8")
    gold[REPORT["file"]] = write_pdfs()
    gold[WIRE_FILE] = {
        "kind": "pdf", "title": NORTHGATE["title"], "author": "", "published": "2025-04-02",
        "body": [plain(p) for p in NORTHGATE["paragraphs"] if not p.startswith("## ")],
        "other": [f"By {NORTHGATE['author']} · Courier Wire · 2 April 2025"],
        "boilerplate": ["COURIER WIRE · FOR PUBLICATION", "– 1 –", "– 2 –"]}
    gold[STATEMENT["file"]] = write_docx()
    (OUT / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {len(list(OUT.iterdir()))} files to {OUT}")


if __name__ == "__main__":
    main()
