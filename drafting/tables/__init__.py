"""The statutory tables' arithmetic: derived totals and partial sums, and every table check."""
