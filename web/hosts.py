"""Which Host names the app answers for, and how it writes the few links that must be absolute.

A client chooses the Host header it sends. Copied into a link, a hostile value would send feed
readers, search boxes (OpenSearch) and spreadsheets (the CSV `page_url` column) to another site, and
a cache in front of the app could keep that answer for everyone. So:

- with a base URL (`practices serve --base-url`, or $PRACTICES_BASE_URL), every absolute link is built
  from it and the Host header is never used for links;
- links are relative wherever the format allows (pages, redirects, the Atom feed's links); the feed's
  ids are `urn:uuid:` names without a host unless a base URL is set;
- every request's Host must be on the trusted list (`--trusted-host`, or $PRACTICES_TRUSTED_HOSTS:
  names, `.example.org` for its subdomains, `*` for any), or it gets a 400 before any route runs.
  The default list is the loopback names, the address the server is bound to and the base URL's host;
  bound to every interface (0.0.0.0), also this machine's own names and addresses.
"""

from __future__ import annotations

import contextlib
import re
import socket
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from werkzeug.exceptions import BadRequest

LOOPBACK = ("localhost", "127.0.0.1", "::1")
WILDCARDS = {"", "0.0.0.0", "::", "*"}
_HOST = re.compile(r"(?:\[(?P<ipv6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9._-]+))(?::(?P<port>[0-9]{1,5}))?", re.ASCII)
_FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "practice-search:feed")


class UntrustedHost(BadRequest):
    description = ("This server does not answer for the host name in the request. If you run it, add the "
                   "name with --trusted-host (or $PRACTICES_TRUSTED_HOSTS), or set --base-url.")


class BadBaseUrl(ValueError):
    """The base URL setting is not an absolute http(s) URL."""


@dataclass(frozen=True)
class HostPolicy:
    base_url: str | None
    trusted: tuple[str, ...]

    @classmethod
    def make(cls, base_url: str | None, trusted: list[str] | tuple[str, ...] | None,
             bind_host: str | None = None) -> HostPolicy:
        """From the settings; without a trusted list, the defaults described in the module docstring."""
        base = check_base_url(base_url) if base_url else None
        names = [n.strip().lower().rstrip(".") for n in (trusted or ()) if n.strip()]
        if not names:
            names = default_trusted(bind_host)
        if base:
            names.append(_hostname(urlsplit(base).netloc) or "")
        return cls(base, tuple(dict.fromkeys(n for n in names if n)))

    def allows(self, host_header: str) -> bool:
        if "*" in self.trusted:
            return True
        name = _hostname(host_header)
        if name is None:
            return False
        return any(name == ref or (ref.startswith(".") and (name.endswith(ref) or name == ref[1:]))
                   for ref in self.trusted)


def check_base_url(value: str) -> str:
    """The base URL without a trailing slash; absolute http(s), no query or fragment."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or _hostname(parts.netloc) is None \
            or parts.query or parts.fragment or "@" in parts.netloc:
        raise BadBaseUrl(f"the base URL must be an absolute http(s) URL such as https://practices.example.org "
                         f"(got {value!r})")
    return value.strip().rstrip("/")


def default_trusted(bind_host: str | None) -> list[str]:
    names = list(LOOPBACK)
    host = (bind_host or "").strip("[]").lower()
    if host not in WILDCARDS:
        names.append(host)
        return names
    if bind_host is None:
        return names
    for name in {socket.gethostname(), socket.getfqdn()}:
        names.append(name.lower())
        with contextlib.suppress(OSError):
            names.extend(info[4][0].lower() for info in socket.getaddrinfo(name, None))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # UDP: sends nothing; tells the address of the default route
        names.append(probe.getsockname()[0])
    return names


def _hostname(host: str) -> str | None:
    """The name or address of a Host value without its port, lower case; None when it is not one."""
    match = _HOST.fullmatch(host.strip().lower())
    if match is None or (match["port"] and not 0 < int(match["port"]) < 65536):
        return None
    return match["ipv6"] or match["name"].rstrip(".")


def install(app: Flask, policy: HostPolicy) -> None:
    """Check the Host before anything else; make redirects relative (or absolute on the base URL)."""
    app.extensions["hosts"] = policy

    @app.before_request
    def check_host():
        if not policy.allows(request.host):
            raise UntrustedHost()

    @app.after_request
    def relative_redirects(response):
        location = response.headers.get("Location")
        if location and 300 <= response.status_code < 400:
            parts = urlsplit(location)
            if parts.netloc and parts.netloc == request.host:  # Werkzeug builds slash redirects from the Host
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                response.headers["Location"] = (policy.base_url or "") + path
        return response

    app.jinja_env.globals.update(absolute_url=absolute_url, link_url=link_url, feed_id=feed_id)


def absolute_url(endpoint: str, **values) -> str:
    """For formats that need one (OpenSearch, CSV): the base URL, else the checked Host."""
    base = current_app.extensions["hosts"].base_url or request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)


def link_url(endpoint: str, **values) -> str:
    """Absolute on the base URL when there is one, else relative."""
    return (current_app.extensions["hosts"].base_url or "") + url_for(endpoint, **values)


def feed_id(path: str) -> str:
    """An Atom id (an absolute IRI that never changes): the page's URL on the base URL, else a urn:uuid."""
    base = current_app.extensions["hosts"].base_url
    return base + path if base else f"urn:uuid:{uuid.uuid5(_FEED_NAMESPACE, path)}"
