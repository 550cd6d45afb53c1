"""The store: images on disk and their lifetime.

- `database`: opening a ZODB database (file, memory, ZEO) and the image root.
- `genesis`: the primordial objects of a new image and the kernel files to load.
- `migration`: bringing an older image format up to date.
- `backup`: repozo backups and restores.
- `serve`: the ZEO server for several processes on one image.
- `btree_families`: only the BTree families an image uses are made.
"""

from . import btree_families

btree_families.install()  # before anything here imports ZODB's storages
