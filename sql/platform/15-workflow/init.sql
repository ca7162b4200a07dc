--------------------------------------------------------------------------------
-- workflow module: InitWorkFlow — the fixed catalogues (15-workflow §4)
--
-- Texts come as arrays in locale order en, ru, de, fr, it, es; a locale that
-- is not installed is skipped. Re-running it only refreshes the texts.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION InitWorkFlow ()
RETURNS         void
AS $$
DECLARE
  aLocales      text[] := ARRAY['en', 'ru', 'de', 'fr', 'it', 'es'];
BEGIN
  INSERT INTO db.state_type (id, code)
  SELECT s.id, s.code
    FROM (VALUES ('00000000-0000-4000-b001-000000000001'::uuid, 'created'),
                 ('00000000-0000-4000-b001-000000000002'::uuid, 'enabled'),
                 ('00000000-0000-4000-b001-000000000003'::uuid, 'disabled'),
                 ('00000000-0000-4000-b001-000000000004'::uuid, 'deleted')) AS s(id, code)
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO db.state_type_text (type, locale, name)
  SELECT s.id, l.id, s.names[array_position(aLocales, l.code)]
    FROM (VALUES ('00000000-0000-4000-b001-000000000001'::uuid, ARRAY['Created', 'Создан', 'Erstellt', 'Créé', 'Creato', 'Creado']),
                 ('00000000-0000-4000-b001-000000000002'::uuid, ARRAY['Enabled', 'Включен', 'Aktiviert', 'Activé', 'Attivato', 'Activado']),
                 ('00000000-0000-4000-b001-000000000003'::uuid, ARRAY['Disabled', 'Отключен', 'Deaktiviert', 'Désactivé', 'Disattivato', 'Desactivado']),
                 ('00000000-0000-4000-b001-000000000004'::uuid, ARRAY['Deleted', 'Удалён', 'Gelöscht', 'Supprimé', 'Eliminato', 'Eliminado'])) AS s(id, names)
   CROSS JOIN db.locale l
   WHERE l.code = ANY (aLocales)
  ON CONFLICT (type, locale) DO UPDATE SET name = EXCLUDED.name;

  INSERT INTO db.event_type (id, code)
  VALUES ('00000000-0000-4000-b002-000000000001', 'parent'),
         ('00000000-0000-4000-b002-000000000002', 'event'),
         ('00000000-0000-4000-b002-000000000003', 'plpgsql')
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO db.event_type_text (type, locale, name)
  SELECT e.id, l.id, e.names[array_position(aLocales, l.code)]
    FROM (VALUES ('00000000-0000-4000-b002-000000000001'::uuid, ARRAY['Parent class events', 'События класса родителя', 'Ereignisse der Elternklasse', 'Événements de la classe parente', 'Eventi della classe genitore', 'Eventos de la clase padre']),
                 ('00000000-0000-4000-b002-000000000002'::uuid, ARRAY['Event', 'Событие', 'Ereignis', 'Événement', 'Evento', 'Evento']),
                 ('00000000-0000-4000-b002-000000000003'::uuid, ARRAY['PL/pgSQL code', 'PL/pgSQL код', 'PL/pgSQL-Code', 'Code PL/pgSQL', 'Codice PL/pgSQL', 'Código PL/pgSQL'])) AS e(id, names)
   CROSS JOIN db.locale l
   WHERE l.code = ANY (aLocales)
  ON CONFLICT (type, locale) DO UPDATE SET name = EXCLUDED.name;

  CREATE TEMP TABLE IF NOT EXISTS tmp_workflow_action (id uuid, code text, names text[]) ON COMMIT DROP;
  TRUNCATE tmp_workflow_action;

  INSERT INTO tmp_workflow_action (id, code, names) VALUES
    ('00000000-0000-4000-b003-000000000000', 'anything', ARRAY['Anything', 'Ничто', 'Beliebig', 'N''importe quoi', 'Qualsiasi', 'Cualquiera']),
    ('00000000-0000-4000-b003-000000000001', 'abort', ARRAY['Abort', 'Прервать', 'Abbrechen', 'Abandonner', 'Interrompere', 'Abortar']),
    ('00000000-0000-4000-b003-000000000002', 'accept', ARRAY['Accept', 'Принять', 'Akzeptieren', 'Accepter', 'Accettare', 'Aceptar']),
    ('00000000-0000-4000-b003-000000000003', 'add', ARRAY['Add', 'Добавить', 'Hinzufügen', 'Ajouter', 'Aggiungere', 'Añadir']),
    ('00000000-0000-4000-b003-000000000004', 'alarm', ARRAY['Alarm', 'Тревога', 'Alarm', 'Alarme', 'Allarme', 'Alarma']),
    ('00000000-0000-4000-b003-000000000005', 'approve', ARRAY['Approve', 'Утвердить', 'Genehmigen', 'Approuver', 'Approvare', 'Aprobar']),
    ('00000000-0000-4000-b003-000000000006', 'available', ARRAY['Available', 'Доступен', 'Verfügbar', 'Disponible', 'Disponibile', 'Disponible']),
    ('00000000-0000-4000-b003-000000000007', 'cancel', ARRAY['Cancel', 'Отменить', 'Abbrechen', 'Annuler', 'Annullare', 'Cancelar']),
    ('00000000-0000-4000-b003-000000000008', 'check', ARRAY['Check', 'Проверить', 'Prüfen', 'Vérifier', 'Verificare', 'Verificar']),
    ('00000000-0000-4000-b003-000000000009', 'complete', ARRAY['Complete', 'Завершить', 'Abschließen', 'Terminer', 'Completare', 'Completar']),
    ('00000000-0000-4000-b003-000000000010', 'confirm', ARRAY['Confirm', 'Подтвердить', 'Bestätigen', 'Confirmer', 'Confermare', 'Confirmar']),
    ('00000000-0000-4000-b003-000000000011', 'create', ARRAY['Create', 'Создать', 'Erstellen', 'Créer', 'Creare', 'Crear']),
    ('00000000-0000-4000-b003-000000000012', 'delete', ARRAY['Delete', 'Удалить', 'Löschen', 'Supprimer', 'Eliminare', 'Eliminar']),
    ('00000000-0000-4000-b003-000000000013', 'disable', ARRAY['Disable', 'Отключить', 'Deaktivieren', 'Désactiver', 'Disattivare', 'Desactivar']),
    ('00000000-0000-4000-b003-000000000014', 'done', ARRAY['Done', 'Сделано', 'Erledigt', 'Terminé', 'Fatto', 'Hecho']),
    ('00000000-0000-4000-b003-000000000015', 'drop', ARRAY['Drop', 'Уничтожить', 'Vernichten', 'Détruire', 'Distruggere', 'Destruir']),
    ('00000000-0000-4000-b003-000000000016', 'edit', ARRAY['Edit', 'Изменить', 'Bearbeiten', 'Modifier', 'Modificare', 'Editar']),
    ('00000000-0000-4000-b003-000000000017', 'enable', ARRAY['Enable', 'Включить', 'Aktivieren', 'Activer', 'Attivare', 'Activar']),
    ('00000000-0000-4000-b003-000000000018', 'execute', ARRAY['Execute', 'Выполнить', 'Ausführen', 'Exécuter', 'Eseguire', 'Ejecutar']),
    ('00000000-0000-4000-b003-000000000019', 'expire', ARRAY['Expire', 'Истекло', 'Abgelaufen', 'Expiré', 'Scaduto', 'Expirado']),
    ('00000000-0000-4000-b003-000000000020', 'fail', ARRAY['Fail', 'Неудача', 'Fehlgeschlagen', 'Échoué', 'Fallito', 'Fallido']),
    ('00000000-0000-4000-b003-000000000021', 'faulted', ARRAY['Faulted', 'Ошибка', 'Fehlerhaft', 'Défaillant', 'Guasto', 'Averiado']),
    ('00000000-0000-4000-b003-000000000022', 'finishing', ARRAY['Finishing', 'Завершение', 'Abschluss', 'Finalisation', 'Completamento', 'Finalización']),
    ('00000000-0000-4000-b003-000000000023', 'heartbeat', ARRAY['Heartbeat', 'Сердцебиение', 'Herzschlag', 'Battement', 'Battito', 'Latido']),
    ('00000000-0000-4000-b003-000000000024', 'invite', ARRAY['Invite', 'Пригласить', 'Einladen', 'Inviter', 'Invitare', 'Invitar']),
    ('00000000-0000-4000-b003-000000000025', 'open', ARRAY['Open', 'Открыть', 'Öffnen', 'Ouvrir', 'Aprire', 'Abrir']),
    ('00000000-0000-4000-b003-000000000026', 'plan', ARRAY['Plan', 'Планировать', 'Planen', 'Planifier', 'Pianificare', 'Planificar']),
    ('00000000-0000-4000-b003-000000000027', 'post', ARRAY['Post', 'Публиковать', 'Veröffentlichen', 'Publier', 'Pubblicare', 'Publicar']),
    ('00000000-0000-4000-b003-000000000028', 'postpone', ARRAY['Postpone', 'Отложить', 'Verschieben', 'Reporter', 'Rimandare', 'Posponer']),
    ('00000000-0000-4000-b003-000000000029', 'preparing', ARRAY['Preparing', 'Подготовка', 'Vorbereitung', 'Préparation', 'Preparazione', 'Preparación']),
    ('00000000-0000-4000-b003-000000000030', 'reconfirm', ARRAY['Reconfirm', 'Повторно подтвердить', 'Erneut bestätigen', 'Reconfirmer', 'Riconfermare', 'Reconfirmar']),
    ('00000000-0000-4000-b003-000000000031', 'remove', ARRAY['Remove', 'Удалить', 'Entfernen', 'Retirer', 'Rimuovere', 'Quitar']),
    ('00000000-0000-4000-b003-000000000032', 'repeat', ARRAY['Repeat', 'Повторить', 'Wiederholen', 'Répéter', 'Ripetere', 'Repetir']),
    ('00000000-0000-4000-b003-000000000033', 'reserve', ARRAY['Reserve', 'Резервировать', 'Reservieren', 'Réserver', 'Riservare', 'Reservar']),
    ('00000000-0000-4000-b003-000000000034', 'reserved', ARRAY['Reserved', 'Зарезервирован', 'Reserviert', 'Réservé', 'Riservato', 'Reservado']),
    ('00000000-0000-4000-b003-000000000035', 'restore', ARRAY['Restore', 'Восстановить', 'Wiederherstellen', 'Restaurer', 'Ripristinare', 'Restaurar']),
    ('00000000-0000-4000-b003-000000000036', 'return', ARRAY['Return', 'Вернуть', 'Zurückgeben', 'Retourner', 'Restituire', 'Devolver']),
    ('00000000-0000-4000-b003-000000000037', 'save', ARRAY['Save', 'Сохранить', 'Speichern', 'Enregistrer', 'Salvare', 'Guardar']),
    ('00000000-0000-4000-b003-000000000038', 'send', ARRAY['Send', 'Отправить', 'Senden', 'Envoyer', 'Inviare', 'Enviar']),
    ('00000000-0000-4000-b003-000000000039', 'sign', ARRAY['Sign', 'Подписать', 'Unterschreiben', 'Signer', 'Firmare', 'Firmar']),
    ('00000000-0000-4000-b003-000000000040', 'start', ARRAY['Start', 'Запустить', 'Starten', 'Démarrer', 'Avviare', 'Iniciar']),
    ('00000000-0000-4000-b003-000000000041', 'stop', ARRAY['Stop', 'Остановить', 'Stoppen', 'Arrêter', 'Fermare', 'Detener']),
    ('00000000-0000-4000-b003-000000000042', 'submit', ARRAY['Submit', 'Отправить', 'Einreichen', 'Soumettre', 'Inviare', 'Enviar']),
    ('00000000-0000-4000-b003-000000000043', 'unavailable', ARRAY['Unavailable', 'Недоступен', 'Nicht verfügbar', 'Indisponible', 'Non disponibile', 'No disponible']),
    ('00000000-0000-4000-b003-000000000044', 'update', ARRAY['Update', 'Обновить', 'Aktualisieren', 'Mettre à jour', 'Aggiornare', 'Actualizar']),
    ('00000000-0000-4000-b003-000000000045', 'reject', ARRAY['Reject', 'Отклонить', 'Ablehnen', 'Rejeter', 'Rifiutare', 'Rechazar']),
    ('00000000-0000-4000-b003-000000000046', 'pay', ARRAY['Pay', 'Оплатить', 'Bezahlen', 'Payer', 'Pagare', 'Pagar']),
    ('00000000-0000-4000-b003-000000000047', 'continue', ARRAY['Continue', 'Продолжить', 'Fortsetzen', 'Continuer', 'Continuare', 'Continuar']),
    ('00000000-0000-4000-b003-000000000048', 'agree', ARRAY['Agree', 'Согласовать', 'Zustimmen', 'Accepter', 'Concordare', 'Acordar']),
    ('00000000-0000-4000-b003-000000000049', 'close', ARRAY['Close', 'Закрыть', 'Schließen', 'Fermer', 'Chiudere', 'Cerrar']),
    ('00000000-0000-4000-b003-000000000050', 'activate', ARRAY['Activate', 'Активировать', 'Aktivieren', 'Activer', 'Attivare', 'Activar']),
    ('00000000-0000-4000-b003-000000000051', 'refund', ARRAY['Refund', 'Возврат денег', 'Rückerstattung', 'Remboursement', 'Rimborso', 'Reembolso']),
    ('00000000-0000-4000-b003-000000000052', 'download', ARRAY['Download', 'Загрузить', 'Herunterladen', 'Télécharger', 'Scaricare', 'Descargar']),
    ('00000000-0000-4000-b003-000000000053', 'prepare', ARRAY['Preparation', 'Подготовить', 'Vorbereiten', 'Préparer', 'Preparare', 'Preparar']);

  INSERT INTO db.action (id, code)
  SELECT id, code FROM tmp_workflow_action
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO db.action_text (action, locale, name)
  SELECT a.id, l.id, a.names[array_position(aLocales, l.code)]
    FROM tmp_workflow_action a
   CROSS JOIN db.locale l
   WHERE l.code = ANY (aLocales)
  ON CONFLICT (action, locale) DO UPDATE SET name = EXCLUDED.name;

  DROP TABLE tmp_workflow_action;

  INSERT INTO db.priority (id, code)
  VALUES ('00000000-0000-4000-b004-000000000000', 'low'),
         ('00000000-0000-4000-b004-000000000001', 'medium'),
         ('00000000-0000-4000-b004-000000000002', 'high'),
         ('00000000-0000-4000-b004-000000000003', 'critical')
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO db.priority_text (priority, locale, name)
  SELECT p.id, l.id, p.names[array_position(aLocales, l.code)]
    FROM (VALUES ('00000000-0000-4000-b004-000000000000'::uuid, ARRAY['Low', 'Низкий', 'Niedrig', 'Faible', 'Basso', 'Bajo']),
                 ('00000000-0000-4000-b004-000000000001'::uuid, ARRAY['Medium', 'Средний', 'Mittel', 'Moyen', 'Medio', 'Medio']),
                 ('00000000-0000-4000-b004-000000000002'::uuid, ARRAY['High', 'Высокий', 'Hoch', 'Élevé', 'Alto', 'Alto']),
                 ('00000000-0000-4000-b004-000000000003'::uuid, ARRAY['Critical', 'Критический', 'Kritisch', 'Critique', 'Critico', 'Crítico'])) AS p(id, names)
   CROSS JOIN db.locale l
   WHERE l.code = ANY (aLocales)
  ON CONFLICT (priority, locale) DO UPDATE SET name = EXCLUDED.name;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
