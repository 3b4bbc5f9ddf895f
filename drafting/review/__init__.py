"""Review many units' reports at once (`drafting review`) and sum their tables (`drafting rollup`)."""
