-- REST dispatcher of /invoice/* (registered in ../../routes.sql). Any path it
-- does not know is a workflow action: /invoice/pay with {"id": ...} runs `pay`.

CREATE OR REPLACE FUNCTION rest.invoice (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/invoice/type' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.type(GetEntity('invoice')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/invoice/method' THEN

    RETURN QUERY SELECT * FROM SubclassMethods(pPath, pPayload);

  WHEN '/invoice/count' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR x IN SELECT to_jsonb(c) FROM api.count_invoice(e->'search', e->'filter') AS c
      LOOP
        RETURN NEXT json_build_object('count', x);
      END LOOP;
    END LOOP;

  WHEN '/invoice/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'category', 'amount', 'currency', 'label', 'description'],
                                       null, true, true, ARRAY['type', 'category', 'currency', 'label', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, category text, amount numeric, currency text, label text, description text);
      FOR x IN SELECT to_jsonb(t)
                 FROM api.set_invoice(r.id, r.parent, SubclassType(r.type, 'invoice'), SubclassReference(r.category, 'category'),
                                      r.amount, r.currency, r.label, r.description) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/invoice/get' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_invoice((e->>'id')::uuid) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/invoice/list' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.list_invoice(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/invoice/balance' THEN

    PERFORM RestPayload(pPath, pPayload, ARRAY[]::text[]);
    FOR x IN SELECT to_jsonb(t) FROM api.invoice_balance() t
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  ELSE

    -- Dynamic actions act on objects the caller can see only.
    IF jsonb_typeof(pPayload) = 'object' AND IsUuidText(pPayload->>'id')
       AND NOT EXISTS (SELECT FROM api.invoice WHERE id = (pPayload->>'id')::uuid) THEN
      PERFORM ObjectNotFound('invoice', 'id', (pPayload->>'id')::uuid);
    END IF;

    RETURN NEXT ExecuteDynamicMethod(pPath, pPayload)::json;

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
