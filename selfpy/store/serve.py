"""`selfpy image serve PATH`: share one image between processes with a ZEO server."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ZEO.runzeo import ZEOOptions, ZEOServer


def serve(path: str, port: int) -> int:
    """Serve the image at `path` on 127.0.0.1:`port` until stopped (Ctrl-C)."""
    image = Path(path).resolve()
    image.parent.mkdir(parents=True, exist_ok=True)
    config = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    with config:
        config.write(f"<zeo>\n  address 127.0.0.1:{port}\n</zeo>\n"
                     f"<filestorage>\n  path {image}\n  blob-dir {image}.blobs\n"
                     "</filestorage>\n")
    options = ZEOOptions()
    options.realize(["-C", config.name])
    Path(config.name).unlink()
    print(f"serving {image} at zeo://127.0.0.1:{port} (Ctrl-C stops)", flush=True)
    try:
        ZEOServer(options).main()
    except KeyboardInterrupt:
        pass
    return 0
