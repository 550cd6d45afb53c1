"""`selfpy image serve PATH`: share one image between processes with a ZEO server."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ZEO.runzeo import ZEOOptions, ZEOServer

from .image_file import check_path, survey


def serve(path: str, port: int) -> int:
    """Serve the image at `path` on 127.0.0.1:`port` until stopped (Ctrl-C)."""
    image = Path(path).resolve()
    check_path(image)
    if image.exists():
        survey(image)  # another program's database, or no image at all, is not served
    image.parent.mkdir(parents=True, exist_ok=True)
    config = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    with config:
        config.write(f"<zeo>\n  address 127.0.0.1:{port}\n</zeo>\n"
                     f"<filestorage>\n  path {image}\n  blob-dir {image}.blobs\n"
                     "</filestorage>\n")
    options = ZEOOptions()
    options.realize(["-C", config.name])
    Path(config.name).unlink()
    try:
        _Server(options, image).main()
    except KeyboardInterrupt:
        pass
    return 0


class _Server(ZEOServer):
    """A ZEO server that says where it listens once it does (port 0 picks a free port),
    so whoever started it can connect as soon as the line is printed."""

    def __init__(self, options: ZEOOptions, image: Path) -> None:
        super().__init__(options)
        self.image = image

    def create_server(self) -> None:
        super().create_server()
        host, port = self.server.addr[:2]
        print(f"serving {self.image} at zeo://{host}:{port} (Ctrl-C stops)", flush=True)
