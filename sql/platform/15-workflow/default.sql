--------------------------------------------------------------------------------
-- workflow module: the default lifecycle (15-workflow §6)
--   created → enabled ↔ disabled → deleted → restore / drop
--------------------------------------------------------------------------------

-- Built-in labels per locale code: 'methods' = the ten stateless methods of
-- DefaultMethods; 'states' = the 9-element layout of AddDefaultMethods
-- (four state labels, then enable, disable, delete, restore, drop).
CREATE OR REPLACE FUNCTION DefaultLabels (
  pKind         text,
  pLocaleCode   text
) RETURNS       text[]
AS $$
  SELECT CASE pKind
    WHEN 'methods' THEN
      CASE pLocaleCode
        WHEN 'ru' THEN ARRAY['Создать', 'Открыть', 'Изменить', 'Сохранить', 'Обновить', 'Включить', 'Выключить', 'Удалить', 'Восстановить', 'Уничтожить']
        WHEN 'de' THEN ARRAY['Erstellen', 'Öffnen', 'Bearbeiten', 'Speichern', 'Aktualisieren', 'Aktivieren', 'Deaktivieren', 'Löschen', 'Wiederherstellen', 'Vernichten']
        WHEN 'fr' THEN ARRAY['Créer', 'Ouvrir', 'Modifier', 'Enregistrer', 'Mettre à jour', 'Activer', 'Désactiver', 'Supprimer', 'Restaurer', 'Détruire']
        WHEN 'it' THEN ARRAY['Creare', 'Aprire', 'Modificare', 'Salvare', 'Aggiornare', 'Attivare', 'Disattivare', 'Eliminare', 'Ripristinare', 'Distruggere']
        WHEN 'es' THEN ARRAY['Crear', 'Abrir', 'Editar', 'Guardar', 'Actualizar', 'Activar', 'Desactivar', 'Eliminar', 'Restaurar', 'Destruir']
        ELSE ARRAY['Create', 'Open', 'Edit', 'Save', 'Update', 'Enable', 'Disable', 'Delete', 'Restore', 'Drop']
      END
    ELSE
      CASE pLocaleCode
        WHEN 'ru' THEN ARRAY['Создан', 'Открыт', 'Закрыт', 'Удалён', 'Открыть', 'Закрыть', 'Удалить', 'Восстановить', 'Уничтожить']
        WHEN 'de' THEN ARRAY['Erstellt', 'Geöffnet', 'Geschlossen', 'Gelöscht', 'Öffnen', 'Schließen', 'Löschen', 'Wiederherstellen', 'Vernichten']
        WHEN 'fr' THEN ARRAY['Créé', 'Ouvert', 'Fermé', 'Supprimé', 'Ouvrir', 'Fermer', 'Supprimer', 'Restaurer', 'Détruire']
        WHEN 'it' THEN ARRAY['Creato', 'Aperto', 'Chiuso', 'Eliminato', 'Aprire', 'Chiudere', 'Eliminare', 'Ripristinare', 'Distruggere']
        WHEN 'es' THEN ARRAY['Creado', 'Abierto', 'Cerrado', 'Eliminado', 'Abrir', 'Cerrar', 'Eliminar', 'Restaurar', 'Destruir']
        ELSE ARRAY['Created', 'Opened', 'Closed', 'Deleted', 'Open', 'Close', 'Delete', 'Restore', 'Drop']
      END
  END;
$$ LANGUAGE sql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DefaultMethods (
  pClass        uuid
) RETURNS       void
AS $$
DECLARE
  aActions      text[] := ARRAY['create', 'open', 'edit', 'save', 'update', 'enable', 'disable', 'delete', 'restore', 'drop'];
  aEnglish      text[] := DefaultLabels('methods', 'en');
  uMethod       uuid;
  l             record;
BEGIN
  FOR i IN 1..array_length(aActions, 1)
  LOOP
    uMethod := AddMethod(null, pClass, null, GetAction(aActions[i]), null, aEnglish[i], i);
    FOR l IN SELECT id, code FROM db.locale WHERE code IN ('ru', 'de', 'fr', 'it', 'es')
    LOOP
      PERFORM EditMethodText(uMethod, (DefaultLabels('methods', l.code))[i], l.id);
    END LOOP;
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DefaultTransition (
  pClass        uuid
) RETURNS       void
AS $$
  INSERT INTO db.transition (state, method, newstate)
  SELECT null, m.id, GetState(pClass, t.target)
    FROM (VALUES ('create', 'created'), ('enable', 'enabled'), ('disable', 'disabled'),
                 ('delete', 'deleted'), ('restore', 'created')) AS t(action, target)
    JOIN db.action a ON a.code = t.action
    JOIN db.method m ON m.class = pClass AND m.state IS NULL AND m.action = a.id
   WHERE GetState(pClass, t.target) IS NOT NULL
  ON CONFLICT (method) DO NOTHING;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddDefaultMethods (
  pClass        uuid,
  pNamesEN      text[] DEFAULT null,
  pNamesRU      text[] DEFAULT null
) RETURNS       void
AS $$
DECLARE
  -- state code, action code, target state code, label index
  aMethods      text[][] := ARRAY[
    ['created', 'enable', 'enabled', '5'], ['created', 'disable', 'disabled', '6'], ['created', 'delete', 'deleted', '7'],
    ['enabled', 'disable', 'disabled', '6'], ['enabled', 'delete', 'deleted', '7'],
    ['disabled', 'enable', 'enabled', '5'], ['disabled', 'delete', 'deleted', '7'],
    ['deleted', 'restore', 'created', '8'], ['deleted', 'drop', null, '9']];
  aEN           text[] := coalesce(pNamesEN, DefaultLabels('states', 'en'));
  aRU           text[] := coalesce(pNamesRU, DefaultLabels('states', 'ru'));
  uRU           uuid := GetLocale('ru');
  uState        uuid;
  uMethod       uuid;
  r             record;
  l             record;
  nIndex        integer;
  i             integer := 0;
BEGIN
  PERFORM DefaultMethods(pClass);

  FOR r IN SELECT id, code FROM db.state_type ORDER BY id
  LOOP
    i := i + 1;
    uState := AddState(pClass, r.id, r.code, coalesce(aEN[i], r.code));
    IF uRU IS NOT NULL AND aRU[i] IS NOT NULL THEN
      PERFORM EditStateText(uState, aRU[i], uRU);
    END IF;
    FOR l IN SELECT id, code FROM db.locale WHERE code IN ('de', 'fr', 'it', 'es')
    LOOP
      PERFORM EditStateText(uState, (DefaultLabels('states', l.code))[i], l.id);
    END LOOP;
  END LOOP;

  FOR i IN 1..array_length(aMethods, 1)
  LOOP
    nIndex := aMethods[i][4]::integer;
    uState := (SELECT id FROM db.state WHERE class = pClass AND code = aMethods[i][1]);
    uMethod := AddMethod(null, pClass, uState, GetAction(aMethods[i][2]), null, aEN[nIndex]);
    IF uRU IS NOT NULL AND aRU[nIndex] IS NOT NULL THEN
      PERFORM EditMethodText(uMethod, aRU[nIndex], uRU);
    END IF;
    FOR l IN SELECT id, code FROM db.locale WHERE code IN ('de', 'fr', 'it', 'es')
    LOOP
      PERFORM EditMethodText(uMethod, (DefaultLabels('states', l.code))[nIndex], l.id);
    END LOOP;
  END LOOP;

  PERFORM DefaultTransition(pClass);

  FOR i IN 1..array_length(aMethods, 1)
  LOOP
    CONTINUE WHEN aMethods[i][3] IS NULL;
    uState := (SELECT id FROM db.state WHERE class = pClass AND code = aMethods[i][1]);
    PERFORM AddTransition(uState,
                          (SELECT id FROM db.method WHERE class = pClass AND state = uState AND action = GetAction(aMethods[i][2])),
                          (SELECT id FROM db.state WHERE class = pClass AND code = aMethods[i][3]));
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UpdateDefaultMethods (
  pClass        uuid,
  pLocale       uuid,
  pNames        text[] DEFAULT null
) RETURNS       void
AS $$
DECLARE
  aNames        text[] := coalesce(pNames, DefaultLabels('states', (SELECT code FROM db.locale WHERE id = pLocale)));
  aStates       text[] := ARRAY['created', 'enabled', 'disabled', 'deleted'];
  r             record;
BEGIN
  FOR i IN 1..4
  LOOP
    FOR r IN SELECT id FROM db.state WHERE class = pClass AND code = aStates[i]
    LOOP
      IF aNames[i] IS NOT NULL THEN
        PERFORM EditStateText(r.id, aNames[i], pLocale);
      END IF;
    END LOOP;
  END LOOP;

  FOR r IN
    SELECT m.id, a.code
      FROM db.method m
      JOIN db.state s ON s.id = m.state AND s.code = ANY (aStates)
      JOIN db.action a ON a.id = m.action
     WHERE m.class = pClass
  LOOP
    CONTINUE WHEN array_position(ARRAY['enable', 'disable', 'delete', 'restore', 'drop'], r.code) IS NULL;
    IF aNames[4 + array_position(ARRAY['enable', 'disable', 'delete', 'restore', 'drop'], r.code)] IS NOT NULL THEN
      PERFORM EditMethodText(r.id, aNames[4 + array_position(ARRAY['enable', 'disable', 'delete', 'restore', 'drop'], r.code)], pLocale);
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
