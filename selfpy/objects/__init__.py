"""The object model: what an image is made of.

- `prototypes`: `SelfObject`, `Map`, `Method`, `Vector`, `List`, `Dictionary`, `Set`, `Block`.
- `slot`: `Slot` and the slot kinds.
- `lookup`: the lookup path and finding a slot along it.
- `layout`: the one writer of maps (adding and removing slots).
- `history`: `Change`, the record of every slot change kept in the image.
"""
