"""Plone's side of bench/plone/run, in Plone's own virtualenv:

    zconsole run etc/zope.conf bench/plone/plone_site.py TEXTS.json PASSWORD NAV

Creates the Plone site `Plone` once, as the "Plone Site (Classic UI)"
distribution of Plone 6.1 does (plone.distribution, no example content); the
users `reader` (Member) and `editor` (Member, Editor); the folder `library`.
Then adds each text of TEXTS.json (bench/plone/ours.py export) not yet there as
a published Document in library/<its section>/ (a published Folder, as our
library's sections; guidance entries in library/guidance/), its text as RichText
HTML (a paragraph per line), in batches of BATCH with a commit after each.
Catalog indexing runs through Plone's indexing queue, once per object at each
commit.

NAV "lean" (bench/plone/run's default) sets the site up as one would for a
library of thousands of documents, and as our pages are: no document listed on
every page. The global navigation shows the top level only (Plone's default
depth of 3 puts every document of a section in the menu) and the site's
navigation portlet is removed (it lists every document of the section beside
the document shown). NAV "default" leaves both as Plone makes them."""

import html
import json
import sys
import time

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.distribution.api import site as site_api
from plone.portlets.interfaces import IPortletAssignmentMapping, IPortletManager
from zope.component import getMultiAdapter, getUtility
from zope.component.hooks import setSite

SITE_ID = "Plone"
BATCH = 200


def as_html(text):
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def site(app):
    if SITE_ID not in app.objectIds():
        started = time.perf_counter()
        site_api.create(
            app,
            "classic",
            {
                "site_id": SITE_ID,
                "title": "ITSMS library (benchmark)",
                "description": "",
                "default_language": "en",
                "portal_timezone": "UTC",
                "setup_content": False,
            },
        )
        transaction.commit()
        print(f"site created in {time.perf_counter() - started:.0f} s", flush=True)
    portal = app[SITE_ID]
    setSite(portal)
    return portal


def users(password):
    for username, roles in [("reader", ["Member"]), ("editor", ["Member", "Editor"])]:
        if api.user.get(username=username) is None:
            api.user.create(
                email=f"{username}@example.com",
                username=username,
                password=password,
                roles=roles,
            )
    transaction.commit()


def navigation(portal, mode):
    if mode == "default":
        return
    api.portal.set_registry_record("plone.navigation_depth", 1)
    manager = getUtility(IPortletManager, name="plone.leftcolumn", context=portal)
    assignments = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
    for name in list(assignments.keys()):
        if name == "navigation":
            del assignments[name]
    transaction.commit()


def folder(container, name):
    if name not in container.objectIds():
        title = name.replace("-", " ").capitalize()
        made = api.content.create(
            container=container, type="Folder", id=name, title=title
        )
        api.content.transition(obj=made, transition="publish")
    return container[name]


def load(portal, texts):
    library = folder(portal, "library")
    have = {
        brain.getId
        for brain in portal.portal_catalog(
            portal_type="Document", path="/".join(library.getPhysicalPath())
        )
    }
    todo = [row for row in texts if row["id"] not in have]
    started = time.perf_counter()
    for start in range(0, len(todo), BATCH):
        for row in todo[start : start + BATCH]:
            document = api.content.create(
                container=folder(library, row["section"]),
                type="Document",
                id=row["id"],
                title=row["title"],
                text=RichTextValue(
                    as_html(row["text"]), "text/html", "text/x-html-safe"
                ),
            )
            api.content.transition(obj=document, transition="publish")
        transaction.commit()
        print(
            f"  {min(start + BATCH, len(todo)):,}/{len(todo):,} documents, "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return len(todo), time.perf_counter() - started


def main(app, argv):
    texts_path, password, nav = argv
    with open(texts_path) as texts_file:
        texts = json.load(texts_file)["texts"]
    admin = app.acl_users.getUserById("admin")
    newSecurityManager(None, admin.__of__(app.acl_users))
    portal = site(app)
    users(password)
    navigation(portal, nav)
    added, seconds = load(portal, texts)
    total = len(portal.portal_catalog(portal_type="Document"))
    print(f"Plone: added {added:,} documents in {seconds:.0f} s; {total:,} in all")


main(app, sys.argv[-3:])  # noqa: F821 - `app` is zconsole's Zope root
