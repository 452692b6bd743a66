"""Synthetic 初定初级职称 dossiers with ground truth: the generator and the committed sample set."""
