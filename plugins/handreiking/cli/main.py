"""The ``handreiking`` command: build, serve and check a handreiking site."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from handreiking.cli.settings import load_settings
from handreiking.errors import SourceProblem, did_you_mean, then_advise

log = logging.getLogger("mkdocs.plugins.handreiking")


class _ColourlessHandler(logging.StreamHandler):
    """Prints MkDocs' log as ``LEVEL - message``, the way ``mkdocs build`` does."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            prefix = "FOUT" if record.levelno >= logging.ERROR else "WAARSCHUWING"
            return f"{prefix} - {message}"
        return f"INFO - {message}"


def _setup_logging(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    logger.handlers.clear()
    handler = _ColourlessHandler(sys.stderr)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def _load_config(config_file: str, **overrides):
    _must_exist(config_file)
    return load_settings(config_file, **overrides)


def _must_exist(config_file: str) -> None:
    if not Path(config_file).is_file():
        raise Abort(f"{config_file} niet gevonden; start dit commando in de map van de handreiking")


def _select_edition(config, edition: str | None) -> None:
    if edition is None:
        return
    plugin = config.plugins.get("handreiking")
    if plugin is None:
        raise Abort("de plugin 'handreiking' staat niet onder 'plugins' in mkdocs.yml")
    known = list(plugin.config.edities)
    if edition not in known:
        raise Abort(
            f"onbekende editie '{edition}' bij --editie"
            + then_advise(did_you_mean(edition, known), f"kies uit: {', '.join(known)}")
        )
    plugin.config.editie = edition


def build(
    config_file: str,
    site_dir: str | None,
    edition: str | None,
    without_pdf: bool,
    publishing: bool = False,
) -> int:
    """:func:`_build`, with the digest of the code the caches are keyed on worked out
    beside it (:func:`_environment_beside`)."""
    with _environment_beside():
        return _build(config_file, site_dir, edition, without_pdf, publishing)


@contextlib.contextmanager
def _environment_beside() -> Iterator[None]:
    """While a build runs: ``jsoncache.environment()`` (our package's files read whole,
    the libraries' versions looked up) worked out in a forked process from the start,
    while this one loads its code and settings, a core otherwise idle then. Not on a
    single processor."""
    from handreiking import forking, jsoncache

    child = None
    if forking.processors() > 1:
        child = forking.Child.start(jsoncache.environment)
    if child is None:
        yield
        return
    jsoncache.environment_elsewhere(child.answer)
    try:
        yield
    finally:
        jsoncache.environment_elsewhere(None)
        child.stop()


def _build(
    config_file: str,
    site_dir: str | None,
    edition: str | None,
    without_pdf: bool,
    publishing: bool,
) -> int:
    """Build into a folder next to the target and swap it in only when the build succeeded.

    There is never a moment without a complete site at the target: on Linux the two
    folders change places in one atomic step; elsewhere (or on a file system that cannot)
    the old site is moved aside first, and a build killed between the two moves leaves it
    where the next build finds it and puts it back before anything else. Every build
    removes what a killed one left next to the target. A full disk, a read-only folder
    or missing permissions are reported in Dutch, naming the folder.
    """
    config = _load_config(config_file, strict=True)
    # Material's search looks up each default setting in a new Jinja environment
    from handreiking.compat.material import translating_in_one_environment

    translating_in_one_environment(config.plugins)
    target = Path(site_dir or config.site_dir).resolve()
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _only_build_in(target.parent):
            _recover(target)
            _select_edition(config, edition)  # before staging: nothing to clean up
            staging = Path(tempfile.mkdtemp(prefix=_prefix(target, "nieuw"), dir=target.parent))
            # mkdtemp makes a private folder; a published site must be readable by the server.
            staging.chmod(0o755)
            config.site_dir = str(staging)
            plugin = config.plugins.get("handreiking")
            if plugin is not None and hasattr(plugin, "without_pdf"):
                plugin.without_pdf = without_pdf
                plugin.publishing = publishing  # refuses a placeholder site_url
                plugin.staged = True  # a failed build is thrown away: report every problem
            try:
                mkdocs_build.build(config)
                _swap(staging, target)
            except BaseException as stopped:
                interrupted = isinstance(stopped, KeyboardInterrupt)
                if interrupted and plugin is not None and hasattr(plugin, "interrupted"):
                    plugin.interrupted()  # nothing written into the folder removed below
                # half a build: removed at once, the disk it filled may be needed now
                _remove(staging)
                raise
            if plugin is not None and hasattr(plugin, "save_address_record"):
                plugin.save_address_record()  # only now: the build succeeded and is in place
            # after the swap, the staging folder holds the old site (or nothing)
            _remove_later(staging, target)
    except OSError as error:
        message = _unwritable(error, target, staging)
        if message is None:
            raise
        raise Abort(message) from error
    log.info(f"De site staat in {target}")
    return 0


def _prefix(target: Path, kind: str) -> str:
    """The name every staging (``nieuw``), set-aside (``oud``) or being removed (``weg``)
    folder of ``target`` starts with: hidden, next to it, so a rename between them never
    crosses disks."""
    return f".{target.name}-{kind}-"


@contextlib.contextmanager
def _only_build_in(folder: Path) -> Iterator[None]:
    """One build at a time next to a target: what is left there is a killed build's."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Windows: no cleanup race guarded
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info(f"Er loopt al een build in {folder}; deze wacht tot die klaar is")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _recover(target: Path) -> None:
    """Put back the last complete site when a killed build left none at ``target``;
    then remove every staging and set-aside folder a killed build left, and every old
    site a remover has not finished (never put back: it may be half removed)."""
    old_prefix, new_prefix = _prefix(target, "oud"), _prefix(target, "nieuw")
    ours = (old_prefix, new_prefix, _prefix(target, "weg"))
    leftovers = [path for path in target.parent.iterdir() if path.name.startswith(ours)]
    if not os.path.lexists(target):
        # A set-aside folder holds the whole old site (moved there in one rename); a
        # staging folder may hold half a build, so it is never put back.
        aside = [
            path / target.name
            for path in leftovers
            if path.name.startswith(old_prefix) and (path / target.name).is_dir()
        ]
        if aside:
            last = max(aside, key=lambda path: path.parent.stat().st_mtime_ns)
            os.rename(last, target)
            log.info(f"De vorige site staat weer in {target} (een eerdere build werd afgebroken)")
    for path in leftovers:
        if path.name.startswith(ours[2]):
            _remove_later(path, target)  # an old site a remover may still be working on
        else:
            _remove(path)


def _remove(path: Path) -> None:
    """Remove a folder (or file) of ours; what cannot be removed now, a later build does."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


#: Removes the folder named by its argument; run in a Python of its own (``-I -S``: no
#: site packages, nothing from the co-author's environment), at a low priority.
_REMOVER = (
    "import os, shutil, sys\n"
    "if hasattr(os, 'nice'):\n"
    "    os.nice(10)\n"
    "shutil.rmtree(sys.argv[1], ignore_errors=True)\n"
)

#: The removers this process started and has not seen end, by the folder each removes
#: (kept so that none is reported as left running while it still works, nor started
#: twice on one folder; see :func:`_remove_later`).
_REMOVERS: dict[str, subprocess.Popen[bytes]] = {}


def _remove_later(path: Path, target: Path) -> None:
    """Remove a folder of ours (an old site, half a build) in a process of its own, so that
    the build does not wait on the disk: removing the site of a large guide took seconds,
    on a busy disk tens of seconds, after the new site was already in place.

    The folder is first renamed to a ``.<site>-weg-*`` folder, a name no build ever puts
    back as the last good site: a folder half removed can never become the site. What a
    remover did not finish (killed, the computer off), the next build removes. Never
    fails: what cannot be handed over (a full disk) is removed at once, as far as it can."""
    if not os.path.lexists(path):
        return
    gone_prefix = _prefix(target, "weg")
    for folder, remover in list(_REMOVERS.items()):
        if remover.poll() is not None:
            del _REMOVERS[folder]
    if path.name.startswith(gone_prefix):
        gone = path
        if str(gone) in _REMOVERS:
            return  # this process's remover is still at it
    else:
        made: Path | None = None
        try:
            made = Path(tempfile.mkdtemp(prefix=gone_prefix, dir=target.parent))
            os.rename(path, made / path.name)
        except OSError:
            if made is not None:
                _remove(made)
            _remove(path)
            return
        gone = made
    try:
        _REMOVERS[str(gone)] = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVER, str(gone)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # not stopped by the Ctrl+C that stops the build, nor waited for
            start_new_session=True,
        )
    except OSError:  # no process to spare: remove it now
        _remove(gone)


def _swap(staging: Path, target: Path) -> None:
    """Put the finished site at ``target``; the old one is left in ``staging`` (or
    removed), for the caller to remove."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    # No atomic exchange here: move the old site aside, then the new one in. A kill
    # between the two leaves the old site in the set-aside folder; the next build (see
    # _recover) puts it back before anything else.
    aside = Path(tempfile.mkdtemp(prefix=_prefix(target, "oud"), dir=target.parent))
    os.rename(target, aside / target.name)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(aside / target.name, target)  # the old site back at once
        _remove(aside)
        raise
    _remove_later(aside, target)


#: renameat2's flag to swap two paths, and the "current directory" for its paths.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2`` with ``RENAME_EXCHANGE``);
    ``False`` where the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes.append(ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


#: What a co-author can do about each kind of write error.
_WRITE_ERRORS: dict[int, str] = {
    errno.ENOSPC: "de schijf is vol; maak ruimte vrij en bouw opnieuw",
    errno.EDQUOT: "je schijfruimte (quotum) is op; maak ruimte vrij en bouw opnieuw",
    errno.EROFS: (
        "de schijf is alleen-lezen; bouw in een map waarin je mag schrijven "
        "(bijvoorbeeld met -d /tmp/site)"
    ),
    errno.EACCES: (
        "je hebt geen toestemming om daar te schrijven; geef jezelf schrijfrechten op die "
        "map, of bouw in een andere map (bijvoorbeeld met -d /tmp/site)"
    ),
    errno.EPERM: (
        "je hebt geen toestemming om daar te schrijven; geef jezelf schrijfrechten op die "
        "map, of bouw in een andere map (bijvoorbeeld met -d /tmp/site)"
    ),
    errno.ENOTDIR: (
        "een deel van dat pad is een bestand, geen map; kies een andere map voor de site "
        "(met -d of site_dir in mkdocs.yml)"
    ),
    errno.EEXIST: (
        "daar staat een bestand waar een map moet komen; kies een andere map voor de site "
        "(met -d of site_dir in mkdocs.yml)"
    ),
    errno.EISDIR: "daar staat een map waar een bestand moet komen",
    errno.EIO: "de schijf gaf een lees- of schrijffout; controleer de schijf en bouw opnieuw",
    errno.ENAMETOOLONG: "het pad is te lang; kies een kortere map voor de site (met -d)",
}


def _unwritable(error: OSError, target: Path, staging: Path | None) -> str | None:
    """The Dutch message for a write error while staging or swapping; ``None`` for
    another kind of error (a fault in the software)."""
    reason = _WRITE_ERRORS.get(error.errno or 0)
    if reason is None:
        return None
    ours = (_prefix(target, "nieuw"), _prefix(target, "oud"))
    # A copy names its source first and its destination second: the destination is meant.
    for name in (error.filename2, error.filename):
        if name is None:
            continue
        path = Path(os.fsdecode(name))
        if path == target or target in path.parents:
            folder = target
        elif staging is not None and (path == staging or staging in path.parents):
            folder = target  # the site being made: its own name, not the staging folder's
        elif path.name.startswith(ours):
            folder = path.parent  # a folder of ours next to the target: its parent
        elif path == target.parent or path in target.parents:
            folder = path
        else:
            continue
        break
    else:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            return None  # not a folder of the site: reading a source, say; not ours to word
        folder = target
    return f"kan niet schrijven in {folder}: {reason}; de vorige site is ongewijzigd"


def serve(config_file: str, address: str) -> int:
    """Live preview: rebuilds on every change of the sources (``cli/serve.py``)."""
    from handreiking.cli import serve as live

    _must_exist(config_file)  # fail early, with our message
    # Broken data (quotes, a theory box, the bibliography, an edition's metadata) cannot
    # be built from: then every page shows the problems instead, from the first build on,
    # until the next save fixes them (plugin/preview_errors.py); a broken mkdocs.yml,
    # at the start or later, does the same (cli/serve.py).
    live.serve(config_file, address)
    return 0


def check(config_file: str, literature: bool = False) -> int:
    """Check the sources without building; print ``path:line: message`` per problem.

    With ``literature`` (``--literatuur``), also the notices about the cited works: what
    they lack for a complete reference, and fields the literature list does not show (not
    problems: a build sums them up in one line).
    """
    from handreiking.cli.check import check_sources

    config = _load_config(config_file)
    notices: list[SourceProblem] = []
    cited: list[SourceProblem] | None = [] if literature else None
    problems = check_sources(config, notices, cited)
    # Notices, not problems: the sources are fine, but someone should look.
    for notice in notices:
        print(f"INFO - let op: {notice}", file=sys.stderr)
    for problem in problems:
        print(problem)
    if cited is not None:
        for notice in sorted(dict.fromkeys(cited), key=lambda p: (p.path, p.line or 0)):
            print(f"let op: {notice}")
        if not cited:
            print("Alle geciteerde bronnen zijn compleet.")
    plugin = config.plugins.get("handreiking")
    if plugin is not None and not plugin.config.licentie.id:
        from handreiking.content.licence import NO_LICENCE_NOTE

        # A note, not a problem: said once, on stderr beside the summary.
        print(f"{Path(config_file).name}: {NO_LICENCE_NOTE}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden.", file=sys.stderr)
        return 1
    print("Alles in orde: geen problemen gevonden.")
    return 0


#: the command :func:`main` ran last (``None``: none yet), for :func:`run`
_ran: str | None = None
#: the commands after which :func:`run` ends the process at once
_ENDED_AT_ONCE = ("check", "build")


def run(argv: list[str] | None = None) -> NoReturn:
    """Entry point of the ``handreiking`` console script and ``python -m handreiking.cli``:
    :func:`main`, then end the process with its exit code.

    After ``check`` and ``build`` the process ends at once, its output flushed, when no
    other thread runs: every file it wrote is closed by then and every process it forked
    stopped, so what the interpreter does on the way out (taking apart, one by one, every
    object the command made: a large site's data, pages and caches, half a second after
    a check and 0.8 s after a cold build of the benchmark's 10x site) changes nothing but
    the time. The preview ends as a process always does."""
    code = main(argv)
    if _ran in _ENDED_AT_ONCE and threading.active_count() == 1 and not _children():
        logging.shutdown()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: said as Python says it
            raise SystemExit(code) from None
        os._exit(code)
    raise SystemExit(code)


def _children() -> bool:
    """Whether a process this one forked still runs (then it ends as a process always
    does, which ends them too)."""
    import multiprocessing

    return bool(multiprocessing.active_children())


def main(argv: list[str] | None = None) -> int:
    """What the ``handreiking`` console script does (:func:`run`): the command's exit
    code."""
    parser = argparse.ArgumentParser(
        prog="handreiking", description="Bouw, bekijk en controleer een handreiking."
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="het mkdocs.yml-bestand")
    parser.add_argument("-v", "--verbose", action="store_true", help="meer uitvoer")
    commands = parser.add_subparsers(dest="command", required=True, metavar="commando")

    p_build = commands.add_parser("build", help="bouw de hele site, of één editie")
    p_build.add_argument("--editie", help="bouw alleen deze editie, bijvoorbeeld zuidoost")
    p_build.add_argument(
        "--zonder-pdf", action="store_true", help="sla de PDF's en e-boeken (EPUB) over"
    )
    p_build.add_argument("-d", "--site-dir", help="map voor de gebouwde site (standaard: site)")
    p_build.add_argument(
        "--publiceer",
        action="store_true",
        help="de build die online gaat: weigert een voorbeeldadres als site_url",
    )

    p_serve = commands.add_parser(
        "serve", help="live voorvertoning die herlaadt bij elke wijziging"
    )
    p_serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="adres:poort")

    p_check = commands.add_parser("check", help="controleer de bronnen zonder te bouwen")
    p_check.add_argument(
        "--literatuur",
        action="store_true",
        help="meld ook wat geciteerde werken missen en welke velden de literatuurlijst niet toont",
    )

    args = parser.parse_args(argv)
    global _ran
    _ran = args.command
    _setup_logging(args.verbose)
    try:
        if args.command == "build":
            return build(
                args.config_file, args.site_dir, args.editie, args.zonder_pdf, args.publiceer
            )
        if args.command == "serve":
            return serve(args.config_file, args.dev_addr)
        return check(args.config_file, args.literatuur)
    except (Abort, ConfigurationError, PluginError) as error:
        # MkDocs logged a build error itself (our handler printed it) before this Abort.
        if str(error) != "Aborted with a BuildError!":
            print(f"FOUT - {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # A co-author never sees a traceback; a developer asks for it with -v.
        if args.verbose:
            raise
        print(
            f"FOUT - onverwachte fout ({type(error).__name__}: {error}); dit is waarschijnlijk "
            "een fout in de handreiking-software, niet in de tekst. Meld het, met de uitvoer "
            "van hetzelfde commando met -v erbij",
            file=sys.stderr,
        )
        return 1
