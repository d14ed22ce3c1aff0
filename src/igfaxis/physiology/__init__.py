"""Physiology: the mechanistic GH/IGF-1 axis, peptide agents and IGF-1R signalling (JAX engine)."""
