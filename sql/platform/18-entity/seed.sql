-- entity module seed: the base classes of the entity tree.
SELECT InitEntityObject();
