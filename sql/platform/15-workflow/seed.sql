-- workflow module seed: the fixed catalogues.
SELECT InitWorkFlow();
