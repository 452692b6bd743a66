"""Validators: the notice as a policy file, the rules that compare a dossier with it, verdicts and the return notice."""
