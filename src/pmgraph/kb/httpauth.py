"""HTTP authentication for remote stores: answer a server's Basic or Digest challenge.

Shared stores have accounts: Virtuoso's authenticated endpoints (``/sparql-auth``,
``/sparql-graph-crud-auth``) ask for HTTP Digest, a Fuseki or GraphDB behind a proxy often for
Basic. The user name and password come from ``~/.netrc`` (or the file named by ``NETRC``), the
standard place curl, wget and git also read::

    machine store.example.org login alice password s3cret

or from ``--endpoint-user NAME`` with the password in the environment variable
``PMGRAPH_ENDPOINT_PASSWORD``. They are never taken from the command line (an endpoint URL with
``user:password@`` is refused) and never appear in a message. Nothing is sent before the server
asks (HTTP 401 with ``WWW-Authenticate``), and only to the endpoint's own scheme, host and port.

    >>> auth = Authenticator("http://127.0.0.1:8890/sparql-auth", Credentials("alice", "s3cret", "test"))
    >>> auth.authorization("POST", "http://127.0.0.1:8890/sparql-auth") is None   # nothing before a challenge
    True
    >>> auth.answer(['Basic realm="store"'], "POST", "http://127.0.0.1:8890/sparql-auth")
    True
    >>> auth.authorization("POST", "http://127.0.0.1:8890/sparql-auth")
    'Basic YWxpY2U6czNjcmV0'
    >>> auth.authorization("POST", "http://other.example.org/sparql") is None     # another origin: nothing
    True
"""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import BadInput, RemoteError, UsageError

__all__ = ["Credentials", "Authenticator", "find_credentials", "parse_challenges", "digest_authorization",
           "PASSWORD_VARIABLE", "USER_OPTION"]

#: The environment variable holding the password for ``--endpoint-user``.
PASSWORD_VARIABLE = "PMGRAPH_ENDPOINT_PASSWORD"
#: The option naming the user (global for ``--endpoint``, and ``push``'s own).
USER_OPTION = "--endpoint-user"

_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_PART = re.compile(rf'\s*(?P<key>{_TOKEN})\s*(?:=\s*(?P<value>"(?:[^"\\]|\\.)*"|[^\s,]*))?\s*,?')
_DIGESTS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they came from (said in messages; the password never is)."""

    user: str
    password: str = field(repr=False)
    origin: str = ""


def netrc_path() -> Path:
    """The ``.netrc`` file read: ``$NETRC`` if set, else ``~/.netrc``."""
    return Path(os.environ.get("NETRC") or Path.home() / ".netrc").expanduser()


def _check_private(path: Path) -> None:
    """Refuse a password file that another user owns or may read or change (as curl and
    Python's own ``netrc`` do for ``~/.netrc``), whichever file ``NETRC`` names."""
    if os.name != "posix":
        return
    status = path.stat()
    if status.st_uid != os.getuid():
        raise UsageError(f"{path}: another user owns this file, so it is not used for passwords")
    if status.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UsageError(f"{path}: other users can read or change this file, so it is not used for passwords; "
                         f"run `chmod 600 {path}`")


def _netrc_entry(host: str) -> tuple[str, str] | None:
    """The login and password of ``host`` (or of the ``default`` entry) in the ``.netrc`` file."""
    path = netrc_path()
    if not path.is_file():
        if os.environ.get("NETRC"):
            raise UsageError(f"NETRC names {str(path)!r}, which is not a file")
        return None
    try:
        _check_private(path)
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as error:
        # The parser's own message may quote a token of the file, which may be a password.
        # Its line number may be the next line's when the bad token ends a line.
        lines = max(len(path.read_text(encoding="utf-8", errors="replace").splitlines()), 1)
        raise BadInput(f"{path}: not a valid .netrc file, near line {min(error.lineno, lines)} "
                       "(expected: machine HOST login NAME password SECRET)") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    if entry is None or not entry[0] or entry[2] is None:
        return None
    return entry[0], entry[2]


def find_credentials(url: str, user: str | None = None) -> Credentials | None:
    """The credentials for ``url``: with ``user``, that user's password from
    ``PMGRAPH_ENDPOINT_PASSWORD`` (or a ``.netrc`` entry for the host with that login, else
    :class:`UsageError`); without, the ``.netrc`` entry of the URL's host, if any."""
    host = urlsplit(url).hostname or ""
    if user is not None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is not None:
            return Credentials(user, password, f"{USER_OPTION} and {PASSWORD_VARIABLE}")
        entry = _netrc_entry(host)
        if entry is not None and entry[0] == user:
            return Credentials(user, entry[1], str(netrc_path()))
        raise UsageError(f"{USER_OPTION} {user}: no password: set it in the environment variable "
                         f"{PASSWORD_VARIABLE}, or add `machine {host} login {user} password ...` to {netrc_path()}")
    entry = _netrc_entry(host)
    return Credentials(entry[0], entry[1], str(netrc_path())) if entry else None


def parse_challenges(values: list[str]) -> list[tuple[str, dict[str, str]]]:
    """The challenges of ``WWW-Authenticate`` header values: (scheme in lower case, parameters).

    >>> parse_challenges(['Digest realm="SPARQL", nonce="a1", qop="auth", algorithm="MD5", Basic realm="x, y"'])
    [('digest', {'realm': 'SPARQL', 'nonce': 'a1', 'qop': 'auth', 'algorithm': 'MD5'}), ('basic', {'realm': 'x, y'})]
    """
    challenges: list[tuple[str, dict[str, str]]] = []
    for value in values:
        position = 0
        while position < len(value):
            match = _PART.match(value, position)
            if match is None or match.end() == position:
                break
            position = match.end()
            key, raw = match.group("key"), match.group("value")
            if raw is None:  # a bare token: a new challenge's scheme (possibly followed by a parameter)
                challenges.append((key.lower(), {}))
                continue
            if not challenges:
                continue
            if raw.startswith('"'):
                raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
            challenges[-1][1][key.lower()] = raw
    return challenges


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def digest_authorization(challenge: dict[str, str], credentials: Credentials, method: str, uri: str,
                         count: int, cnonce: str) -> str:
    """The ``Authorization`` header answering a Digest ``challenge`` (RFC 7616; MD5, SHA-256 and
    their ``-sess`` forms; ``qop=auth`` or none), for the ``count``-th use of its nonce.

    The example of RFC 7616, section 3.9.1:

    >>> challenge = {"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "MD5",
    ...              "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    ...              "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}
    >>> header = digest_authorization(challenge, Credentials("Mufasa", "Circle of Life"), "GET", "/dir/index.html",
    ...                               1, "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    >>> re.search('response="([0-9a-f]+)"', header).group(1)
    '8ca523f5e9506fed4657c9700eebdbec'
    """
    algorithm = challenge.get("algorithm", "MD5")
    base = algorithm.upper().removesuffix("-SESS")
    if base not in _DIGESTS:
        raise RemoteError(f"the store asks for Digest with algorithm {algorithm}, which pmgraph does not speak "
                          "(it speaks MD5 and SHA-256)")

    def digest(text: str) -> str:
        return _DIGESTS[base](text.encode("utf-8")).hexdigest()

    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    secret = digest(f"{credentials.user}:{realm}:{credentials.password}")
    if algorithm.upper().endswith("-SESS"):
        secret = digest(f"{secret}:{nonce}:{cnonce}")
    target = digest(f"{method}:{uri}")
    qops = [qop.strip() for qop in challenge.get("qop", "").split(",") if qop.strip()]
    fields = [("username", _quoted(credentials.user)), ("realm", _quoted(realm)), ("nonce", _quoted(nonce)),
              ("uri", _quoted(uri)), ("algorithm", algorithm)]
    if qops:
        if "auth" not in qops:
            raise RemoteError(f"the store asks for Digest with qop={','.join(qops)}, which pmgraph does not speak "
                              "(it speaks qop=auth)")
        response = digest(f"{secret}:{nonce}:{count:08x}:{cnonce}:auth:{target}")
        fields += [("qop", "auth"), ("nc", f"{count:08x}"), ("cnonce", _quoted(cnonce))]
    else:
        response = digest(f"{secret}:{nonce}:{target}")
    fields.append(("response", _quoted(response)))
    if "opaque" in challenge:
        fields.append(("opaque", _quoted(challenge["opaque"])))
    return "Digest " + ", ".join(f"{key}={value}" for key, value in fields)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def _request_uri(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class Authenticator:
    """Answers the 401 challenges of one endpoint (its scheme, host and port), with Digest
    preferred over Basic. Once a challenge is answered, later requests carry the answer from
    the start (Digest with the next nonce count), so a large body is not sent twice.

    ``credentials`` are found on the first challenge (:func:`find_credentials`) unless given.
    """

    def __init__(self, url: str, credentials: Credentials | None = None, *, user: str | None = None):
        self.url = url
        self._origin = _origin(url)
        self._user = user
        self._credentials = credentials if credentials is not None else (
            find_credentials(url, user) if user is not None else None)  # a named user's password is checked now
        self._looked_up = credentials is not None or user is not None
        self._challenge: tuple[str, dict[str, str]] | None = None
        self._count = 0

    @property
    def credentials(self) -> Credentials | None:
        if not self._looked_up:
            self._credentials = find_credentials(self.url)
            self._looked_up = True
        return self._credentials

    def authorization(self, method: str, url: str) -> str | None:
        """The ``Authorization`` header for a request, or None (no challenge yet, or another origin)."""
        if self._challenge is None or _origin(url) != self._origin:
            return None
        scheme, params = self._challenge
        credentials = self.credentials
        if scheme == "basic":
            token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode("ascii")
            return f"Basic {token}"
        self._count += 1
        return digest_authorization(params, credentials, method, _request_uri(url), self._count,
                                    secrets.token_hex(16))

    def answer(self, values: list[str], method: str, url: str, *, attempts: int = 0) -> bool:
        """Take the challenges of a 401 answer (its ``WWW-Authenticate`` values); True if the
        request should be sent again with credentials. ``attempts`` says how many challenges this
        very request has answered already: after one, only a Digest ``stale=true`` (a new nonce)
        is worth another try (twice at most), and otherwise the store refused the credentials
        (:class:`RemoteError`).
        """
        challenges = [c for c in parse_challenges(values) if c[0] in ("digest", "basic")]
        where = self.url
        if not challenges:
            schemes = ", ".join(sorted({c[0] for c in parse_challenges(values)})) or "no scheme named"
            raise RemoteError(f"{where}: HTTP 401: the store asks for an authentication pmgraph does not speak "
                              f"({schemes}); pmgraph speaks Basic and Digest")
        chosen = next((c for c in challenges if c[0] == "digest"), challenges[0])
        credentials = self.credentials if _origin(url) == self._origin else None
        if credentials is None:
            host = self._origin[1]
            realm = chosen[1].get("realm")
            asked = f"{chosen[0].capitalize()}" + (f", realm {realm!r}" if realm else "")
            raise RemoteError(f"{where}: HTTP 401: the store asks for a user name and password ({asked}); put them "
                              f"in {netrc_path()} (machine {host} login NAME password SECRET), or give "
                              f"{USER_OPTION} NAME with the password in {PASSWORD_VARIABLE}")
        stale = chosen[1].get("stale", "").lower() == "true"
        if attempts >= 3 or (attempts and not stale):
            raise RemoteError(f"{where}: HTTP 401: the store refused user {credentials.user!r} "
                              f"(from {credentials.origin}); check the user name and password")
        self._challenge = chosen
        self._count = 0
        return True
