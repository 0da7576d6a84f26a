"""Your own shop's numbers: read an Etsy, Shopify, SumUp or Square export and analyse it with the course's core.

`read_export(path)` (or `read_bytes(data, name)` for an upload) recognises the platform from the column names and
returns every order in one shape; the file is only read, never written.
"""

from atelier.ownshop.reader import LineItem, Order, ShopExport, read_bytes, read_export, sample_exports

__all__ = ["LineItem", "Order", "ShopExport", "read_bytes", "read_export", "sample_exports"]
