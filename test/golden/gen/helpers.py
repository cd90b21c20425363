"""Functions PyTorch 1.13 lacks, written from PyTorch's documented formulas, for the registry's
`torch` expressions (in scope as `H`). Each says which PyTorch function it stands for."""
