#!/usr/bin/env python3
"""Fills a running coproduce backend with what an organisation's data looks like after some
use, through its own API and console (nothing written behind its back), and prints what the
backend showed as JSON: the upgrade test expects a newer backend to show the same.

Usage: drive.py BASE_URL ORG ADMIN_EMAIL ADMIN_PASSWORD > shown.json
(make-fixture.sh runs it; it needs the boards `ideen` and `vorab` to exist.)
"""
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE, ORG, EMAIL, PASSWORD = sys.argv[1:5]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(method, path, form=None, agent="fixture", cookie=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("User-Agent", agent)
    req.add_header("Origin", BASE)
    if data is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookie:
        req.add_header("Cookie", cookie)
    try:
        res = OPENER.open(req)
    except urllib.error.HTTPError as e:
        res = e
    body = res.read().decode()
    return res.status, res.headers, body


def api(board):
    return f"/api/v1/orgs/{ORG}/activities/{board}"


def board(name):
    status, _, body = call("GET", api(name) + "?sort=newest")
    assert status == 200, (status, body)
    return json.loads(body)


def view(name, sort):
    """The board as citizens see it, without the form token (a new one every time)."""
    status, _, body = call("GET", api(name) + f"?sort={sort}")
    assert status == 200, (status, body)
    shown = json.loads(body)
    shown.pop("form_token")
    return shown


def submit(name, title, body, author=""):
    token = board(name)["form_token"]
    form = {"title": title, "body": body, "name": author, "form_token": token}
    status, _, text = call("POST", api(name) + "/ideas", form)
    assert status == 201, (status, text)
    shown = json.loads(text)
    shown["receipt_token"] = shown["receipt_url"].rstrip("/").rsplit("/", 1)[-1]
    return shown


def support(name, idea, agent):
    token = board(name)["form_token"]
    status, _, text = call("POST", f"{api(name)}/ideas/{idea}/supports", {"form_token": token}, agent)
    assert status == 200, (status, text)


def login():
    status, headers, body = call("POST", "/console/login", {"email": EMAIL, "password": PASSWORD})
    assert status == 303, (status, body)
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    _, _, page = call("GET", "/console/activities/ideen", cookie=cookie)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return cookie, csrf


def console(cookie, csrf, path, form):
    form = dict(form, csrf=csrf)
    status, _, body = call("POST", path, form, cookie=cookie)
    assert status == 303, (path, status, body)


def main():
    ideas = [
        submit("ideen", "Mehr Bänke im Park", "Zum Ausruhen.", "Ayşe"),
        submit("ideen", "Längere Öffnungszeiten", "Auch am Samstag."),
        submit("ideen", "Mehr Bänke am Spielplatz", "Doppelt gemeint."),
        submit("ideen", "Werbung für Kredite", "Spam."),
        submit("ideen", "Ein Schwimmbad", "Zu teuer?"),
        submit("ideen", "Zurückgezogene Idee", "Doch nicht."),
        submit("ideen", "Repair-Café", "Einmal im Monat."),
    ]
    key = [i["idea"]["id"] for i in ideas]
    pending = [
        submit("vorab", "Wartet auf Freigabe", "Vorab moderiert."),
        submit("vorab", "Wird freigegeben", "Vorab moderiert."),
    ]
    for agent in ["a", "b", "c"]:
        support("ideen", key[0], agent)
    for agent in ["a", "d"]:
        support("ideen", key[2], agent)
    support("ideen", key[6], "e")
    support("ideen", key[4], "e")

    cookie, csrf = login()
    base = "/console/activities/ideen/ideas"
    console(cookie, csrf, f"{base}/{key[3]}/hide", {"reason": "Werbung"})
    console(cookie, csrf, f"{base}/{key[0]}/status", {"status": "planned", "answer": "Kommt im Frühjahr."})
    console(cookie, csrf, f"{base}/{key[4]}/status", {"status": "declined", "answer": "Zu teuer."})
    console(cookie, csrf, f"{base}/{key[2]}/merge", {"into": key[0]})
    console(cookie, csrf, f"/console/activities/vorab/ideas/{pending[1]['idea']['id']}/publish", {})
    status, _, body = call("POST", f"/api/v1/orgs/{ORG}/receipts/{ideas[5]['receipt_token']}/withdraw")
    assert status == 200, (status, body)
    # The last writes come just before the backend stops: their counts are likely not folded.
    support("ideen", key[1], "f")
    support("ideen", key[6], "g")

    receipts = {}
    for shown in ideas + pending:
        token = shown["receipt_token"]
        status, _, body = call("GET", f"/api/v1/orgs/{ORG}/receipts/{token}")
        assert status == 200, (status, body)
        receipts[token] = json.loads(body)
    shown = {
        "boards": {
            name: {sort: view(name, sort) for sort in ["newest", "most_supported"]}
            for name in ["ideen", "vorab"]
        },
        "receipts": receipts,
        "session_cookie": cookie,
    }
    json.dump(shown, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


main()
