"""Scale: virtual populations in memory-bounded chunks, locally or on a Dask cluster."""
