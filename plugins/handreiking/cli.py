"""The ``handreiking`` command: build, serve and check a handreiking site."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs import config as mkdocs_config
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from handreiking.errors import did_you_mean, then_advise

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
    if not Path(config_file).is_file():
        raise Abort(f"{config_file} niet gevonden; start dit commando in de map van de handreiking")
    return mkdocs_config.load_config(config_file=config_file, **overrides)


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


def build(config_file: str, site_dir: str | None, edition: str | None, without_pdf: bool) -> int:
    """Build into a folder next to the target and swap it in only when the build succeeded."""
    config = _load_config(config_file, strict=True)
    _select_edition(config, edition)  # before the staging folder exists: nothing to clean up
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-nieuw-", dir=target.parent))
    # mkdtemp makes a private folder; a published site must be readable by the web server.
    staging.chmod(0o755)
    config.site_dir = str(staging)
    plugin = config.plugins.get("handreiking")
    if plugin is not None and hasattr(plugin, "without_pdf"):
        plugin.without_pdf = without_pdf
    try:
        mkdocs_build.build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-oud-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    if plugin is not None and hasattr(plugin, "save_address_record"):
        plugin.save_address_record()  # only now: the build succeeded and is in place
    log.info(f"De site staat in {target}")
    return 0


def serve(config_file: str, address: str) -> int:
    """Live preview: rebuilds on every change of the sources."""
    from mkdocs.commands import serve as mkdocs_serve

    _load_config(config_file)  # fail early, with our message, when the file is missing
    # Not strict: a mistake in a chapter shows as a red message on the page itself (and in
    # the terminal) instead of stopping the preview; `handreiking check` and the build stay
    # strict. Broken data (quotes, a theory box, the bibliography, an edition's metadata)
    # cannot be built from: then every page shows the problems instead, from the first
    # build on, until the next save fixes them (handreiking/preview_errors.py).
    mkdocs_serve.serve(config_file=config_file, dev_addr=address, livereload=True, strict=False)
    return 0


def check(config_file: str) -> int:
    """Check the sources without building; print ``path:line: message`` per problem."""
    from handreiking.check import check_sources

    config = _load_config(config_file)
    problems = check_sources(config)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden.", file=sys.stderr)
        return 1
    print("Alles in orde: geen problemen gevonden.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``handreiking`` console script."""
    parser = argparse.ArgumentParser(
        prog="handreiking", description="Bouw, bekijk en controleer een handreiking."
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="het mkdocs.yml-bestand")
    parser.add_argument("-v", "--verbose", action="store_true", help="meer uitvoer")
    commands = parser.add_subparsers(dest="command", required=True, metavar="commando")

    p_build = commands.add_parser("build", help="bouw de hele site, of één editie")
    p_build.add_argument("--editie", help="bouw alleen deze editie, bijvoorbeeld zuidoost")
    p_build.add_argument("--zonder-pdf", action="store_true", help="sla de PDF's over")
    p_build.add_argument("-d", "--site-dir", help="map voor de gebouwde site (standaard: site)")

    p_serve = commands.add_parser(
        "serve", help="live voorvertoning die herlaadt bij elke wijziging"
    )
    p_serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="adres:poort")

    commands.add_parser("check", help="controleer de bronnen zonder te bouwen")

    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    try:
        if args.command == "build":
            return build(args.config_file, args.site_dir, args.editie, args.zonder_pdf)
        if args.command == "serve":
            return serve(args.config_file, args.dev_addr)
        return check(args.config_file)
    except (Abort, ConfigurationError, PluginError) as error:
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


if __name__ == "__main__":
    sys.exit(main())
