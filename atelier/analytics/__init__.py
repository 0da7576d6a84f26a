"""Analyses of the case studies' data: one module per case (`brighton_kiln`, `fabric_store`, `upholsterer`).

Each module has small functions returning DataFrames or numbers, chart builders for the lessons, and
`narrative_figures()` for its case-study narrative.
"""
