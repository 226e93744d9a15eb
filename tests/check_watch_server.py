#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""HTTP fixtures for the watch tests (tests/check_watch_cli.c) and the watch
benchmark: a server on 127.0.0.1, an ephemeral port, printed on stdout.

What it answers depends on the round, read from CTL/round on every request
(the test writes it between polls); every request is logged to CTL/log as
"METHOD PATH if-none-match if-modified-since", and POST bodies to
CTL/posts. Run: check_watch_server.py CTL [--bench N]
"""
import gzip
import zlib
import http.server
import os
import sys
import threading
import time

CTL = sys.argv[1]
BENCH = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--bench" else 0
LOCK = threading.Lock()
SEEN = {}


def round_no():
    try:
        with open(os.path.join(CTL, "round")) as f:
            return int(f.read().strip() or "1")
    except (OSError, ValueError):
        return 1


def article(title, sentences):
    body = "".join("<p>%s</p>\n" % s for s in sentences)
    return ("<!DOCTYPE html><html><head><title>%s</title></head><body><article>"
            "<h1>%s</h1>\n%s</article></body></html>\n" % (title, title, body)).encode()


def story(rnd):
    killed = 12 if rnd < 2 else 15
    return article("Storm toll rises", [
        "Officials said %d people were killed when the storm reached the coast." % killed,
        "About 3,000 homes lost power overnight.",
        "The county opened 4 shelters for 800 residents."])


def long_story(rnd):
    if rnd >= 2:
        return article("Subscribe", ["Subscribe to keep reading."])
    return article("Budget talks", [
        "The city council approved a budget of $%d million on Tuesday." % n
        for n in (120, 121, 122)] + [
        "Officials said %d teachers would be hired and %d buses bought." % (40 + i, 10 + i)
        for i in range(6)] + [
        "The plan, debated for weeks in long and heated sessions of the council, "
        "was passed after an amendment that moved money between departments."])


ITEMS = {
    "a": lambda rnd: article("Harbour traffic", [
        "Port officials said %d ships docked in May." % (120 if rnd < 2 else 135)]),
    "b": lambda rnd: article("Rail strike", ["About 2,000 workers joined the strike."]),
    "c": lambda rnd: article("New bridge", ["The bridge will cost $45 million."]),
}


def feed(port, rnd):
    names = {1: "ab", 2: "abc"}.get(rnd, "bc")
    items = "".join(
        "<item><title>Item %s</title><link>http://127.0.0.1:%d/item/%s</link>"
        "<guid>item-%s</guid><description>Story %s.</description></item>\n" % (n, port, n, n, n)
        for n in names)
    items += "<item><title>Elsewhere</title><link>ftp://127.0.0.1/x</link><guid>ftp</guid>" \
             "<description>Not http.</description></item>\n"
    return ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title>"
            "<link>http://127.0.0.1:%d/</link>\n%s</channel></rss>\n" % (port, items)).encode()


def flood(rnd):
    # a page whose main-content guess is the essay, not the figures (region=)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "html",
                        "region-wrong-guess.html")
    with open(path, "rb") as f:
        page = f.read()
    return page.replace(b"1,240", b"1,310") if rnd >= 2 else page


def bench_page(i, rnd):
    # a tenth of the pages change every round
    v = rnd if i % 10 == 0 else 0
    return article("Page %d" % i, [
        "Officials said %d people were counted in district %d." % (1000 + i + v, i),
        "The survey cost $%d,000 and took 3 weeks." % (20 + i % 7)])


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def log(self):
        with LOCK, open(os.path.join(CTL, "log"), "a") as f:
            f.write("%s %s %s %s\n" % (self.command, self.path,
                                       self.headers.get("If-None-Match", "-"),
                                       self.headers.get("If-Modified-Since", "-")))

    def send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=None):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def etagged(self, body, ctype="text/html; charset=utf-8"):
        tag = '"%08x"' % (zlib.crc32(body))
        if self.headers.get("If-None-Match") == tag:
            self.send(304, None, headers={"ETag": tag})
        else:
            self.send(200, body, ctype, {"ETag": tag})

    def do_POST(self):
        self.log()
        n = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(n)
        with LOCK, open(os.path.join(CTL, "posts"), "ab") as f:
            f.write(data + b"\n")
        self.send(500 if self.path == "/webhook-fail" else 200, b"ok\n", "text/plain")

    def do_GET(self):
        self.log()
        rnd = round_no()
        port = self.server.server_address[1]
        p = self.path
        if p == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        elif p == "/story.html":
            self.etagged(story(rnd))
        elif p == "/lastmod.txt":
            lm = "Sun, 01 Jun 2025 12:00:00 GMT"
            if self.headers.get("If-Modified-Since") == lm:
                self.send(304, None, headers={"Last-Modified": lm})
            else:
                self.send(200, b"Officials said 7 bridges were closed.\n", "text/plain",
                          {"Last-Modified": lm})
        elif p == "/moved":
            self.send(302, b"", headers={
                "Location": "http://agent:secret@127.0.0.1:%d/story.html" % port})
        elif p == "/loop":
            self.send(302, b"", headers={"Location": "/loop"})
        elif p == "/slow":
            time.sleep(4)
            self.send(200, b"late\n", "text/plain")
        elif p == "/big":
            self.send(200, b"x" * (3 << 20), "text/plain")
        elif p == "/gzip.txt":
            raw = b"Officials said 61 schools closed for the week.\n"
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                self.send(200, gzip.compress(raw), "text/plain", {"Content-Encoding": "gzip"})
            else:
                self.send(200, raw, "text/plain")
        elif p == "/missing":
            self.send(404, b"no\n", "text/plain")
        elif p == "/broken":
            self.send(500, b"oops\n", "text/plain")
        elif p == "/busy":
            key = ("busy", rnd)
            with LOCK:
                SEEN[key] = SEEN.get(key, 0) + 1
                first = SEEN[key] == 1
            if first:
                self.send(429, b"slow down\n", "text/plain", {"Retry-After": "1"})
            else:
                self.send(200, b"Officials said 9 trains ran late.\n", "text/plain")
        elif p == "/later":
            self.send(503, b"maintenance\n", "text/plain", {"Retry-After": "3600"})
        elif p == "/private/x":
            self.send(200, b"Officials said 3 things.\n", "text/plain")
        elif p == "/feed.xml":
            self.etagged(feed(port, rnd), "application/rss+xml")
        elif p.startswith("/item/") and p[6:] in ITEMS:
            self.etagged(ITEMS[p[6:]](rnd))
        elif p in ("/flood.html", "/flood-plain.html"):
            self.etagged(flood(rnd))
        elif p == "/shrink.html":
            self.etagged(long_story(rnd))
        elif p.startswith("/b/") and p[3:].isdigit():
            self.etagged(bench_page(int(p[3:]), rnd))
        else:
            self.send(404, b"no such fixture\n", "text/plain")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        pass   # a client that hangs up (the body cap) is no news


def orphaned(parent):
    # the test that started us is gone (it failed before stopping us): go too
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main():
    threading.Thread(target=orphaned, args=(os.getppid(),), daemon=True).start()
    servers = [Server(("127.0.0.1", 0), Handler) for _ in range(max(1, BENCH))]
    line = " ".join(str(s.server_address[1]) for s in servers) + "\n"
    os.write(1, line.encode())
    os.close(1)
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
