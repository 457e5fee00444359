#!/usr/bin/env python3
"""Compile the pipeline's pure-Python components with Cython into ``nlp/_compiled/`` (optional).

    pip install -e ".[speed]"          # Cython and setuptools; a C compiler must be on the machine
    python3 scripts/build_speedups.py  # about a minute; --clean removes the build

The package uses a compiled module only while its source file is unchanged (``nlp/speedups.py``), so rebuild
after editing a component. The outputs are the same; ``python3 scripts/bench.py`` prints which modules ran
compiled. Nothing here runs at install time: a machine without a compiler runs the Python source.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlp import speedups  # noqa: E402


def clean() -> None:
    if speedups.COMPILED_DIR.exists():
        shutil.rmtree(speedups.COMPILED_DIR)
        print(f"removed {speedups.COMPILED_DIR.relative_to(REPO)}")


def build() -> int:
    try:
        from Cython.Build import cythonize
        from setuptools import Distribution, Extension
    except ImportError as exc:
        print(f"needs Cython and setuptools (pip install -e \".[speed]\"): {exc}", file=sys.stderr)
        return 2
    sources = {name: speedups.source_path(name) for name in speedups.MODULES}
    hashes = {name: speedups.source_hash(path) for name, path in sources.items()}  # before compiling
    with tempfile.TemporaryDirectory() as tmp:
        extensions = cythonize(
            [Extension(name, [str(path)]) for name, path in sources.items()],
            build_dir=str(Path(tmp) / "c"),
            compiler_directives={"language_level": 3},
            quiet=True,
        )
        dist = Distribution({"name": "lumbar-nlp-speedups", "ext_modules": extensions})
        cmd = dist.get_command_obj("build_ext")
        cmd.build_lib = str(Path(tmp) / "lib")
        cmd.build_temp = str(Path(tmp) / "tmp")
        try:
            cmd.ensure_finalized()
            cmd.run()
        except Exception as exc:  # noqa: BLE001 - a missing compiler: say so, the Python source still runs
            print(f"build failed ({type(exc).__name__}: {exc}); the Python source stays in use", file=sys.stderr)
            return 1
        clean()
        speedups.COMPILED_DIR.mkdir()
        modules = {}
        for ext in extensions:
            built = Path(cmd.get_ext_fullpath(ext.name))
            target = speedups.COMPILED_DIR / built.name
            shutil.copy2(built, target)
            modules[ext.name] = {"file": target.name, "sha256": hashes[ext.name]}
    import Cython

    manifest = {"build_tag": speedups.build_tag(), "cython": Cython.__version__, "modules": modules}
    speedups.MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    (speedups.COMPILED_DIR / ".gitignore").write_text("*\n", encoding="utf-8")
    print(f"compiled {len(modules)} modules into {speedups.COMPILED_DIR.relative_to(REPO)}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clean", action="store_true", help="remove the compiled modules")
    args = ap.parse_args(argv)
    if args.clean:
        clean()
        return 0
    return build()


if __name__ == "__main__":
    sys.exit(main())
