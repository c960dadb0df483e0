/**
 * The first three migrations of the event store's schema, exactly as released (never edit them:
 * a store migrated by an older version must end with the same objects as a new one). Version 4
 * replaces their append functions (`postgresAppendFunctions.ts`).
 */

/** Migration 1: the events table; `transaction_id` is the writing transaction's id (see `postgresEventStore.ts`). */
export const eventsTableMigration = (s: string): string =>
  `CREATE TABLE ${s}.events (
       global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
       stream_id text NOT NULL,
       version integer NOT NULL,
       event_id text NOT NULL,
       type text NOT NULL,
       data text NOT NULL,
       metadata text NOT NULL,
       CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
       CONSTRAINT events_event_id_key UNIQUE (event_id)
     )`;

/** Migration 2: `append_events` as released in version 2, which held the position lock across its INSERT. */
export const appendEventsV2Migration = (s: string, lockClass: number, lockKey: number): string =>
  `CREATE OR REPLACE FUNCTION ${s}.append_events(
       p_stream_id text, p_expected integer, p_event_ids text[], p_types text[], p_data text[], p_metadata text[],
       OUT ok boolean, OUT actual_version integer, OUT last_position bigint)
     LANGUAGE plpgsql VOLATILE AS $append$
     DECLARE
       v_count integer := COALESCE(cardinality(p_event_ids), 0);
       v_inserted integer;
       v_duplicate text;
     BEGIN
       SELECT COALESCE(MAX(e.version), 0) INTO actual_version FROM ${s}.events e WHERE e.stream_id = p_stream_id;
       ok := p_expected IS NULL OR (p_expected = -1 AND actual_version > 0) OR p_expected = actual_version;
       IF NOT ok THEN
         RETURN;
       END IF;
       IF v_count = 0 THEN
         SELECT COALESCE((SELECT e.global_position FROM ${s}.events e WHERE e.stream_id = p_stream_id ORDER BY e.version DESC LIMIT 1), 0) INTO last_position;
         RETURN;
       END IF;
       -- Rule 1 of the global order: transaction id and positions are taken together, one append at a time.
       PERFORM pg_advisory_lock(${lockClass}, ${lockKey});
       WITH inserted AS (
         INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata)
         SELECT p_stream_id, actual_version + n.ord::integer, n.event_id, n.type, n.data, n.metadata
         FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(event_id, type, data, metadata, ord)
         ORDER BY n.ord
         ON CONFLICT DO NOTHING
         RETURNING global_position
       )
       SELECT count(*)::integer, MAX(inserted.global_position) INTO v_inserted, last_position FROM inserted;
       PERFORM pg_advisory_unlock(${lockClass}, ${lockKey});
       IF v_inserted < v_count THEN
         SELECT n.event_id INTO v_duplicate FROM unnest(p_event_ids) AS n(event_id)
         WHERE EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = n.event_id AND e.transaction_id <> pg_current_xact_id())
         LIMIT 1;
         IF v_duplicate IS NOT NULL THEN
           RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_event_id_key',
             MESSAGE = 'duplicate key value violates unique constraint "events_event_id_key"',
             DETAIL = format('Key (event_id)=(%s) already exists.', v_duplicate);
         END IF;
         RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_stream_version_key',
           MESSAGE = 'duplicate key value violates unique constraint "events_stream_version_key"',
           DETAIL = format('Key (stream_id, version)=(%s, %s) already exists.', p_stream_id, actual_version + 1);
       END IF;
     END
     $append$`;

/** Migration 3: `append_to_streams` as released in version 3, which held the position lock across its INSERT. */
export const appendToStreamsV3Migration = (s: string, lockClass: number, lockKey: number): string =>
  `CREATE OR REPLACE FUNCTION ${s}.append_to_streams(
       p_stream_ids text[], p_expected integer[], p_part_of integer[], p_event_ids text[], p_types text[], p_data text[], p_metadata text[],
       OUT failed_part integer, OUT actual_versions integer[], OUT last_positions bigint[])
     LANGUAGE plpgsql VOLATILE AS $append$
     DECLARE
       v_count integer := COALESCE(cardinality(p_event_ids), 0);
       v_actual integer;
       v_inserted integer;
       v_duplicate text;
     BEGIN
       actual_versions := '{}';
       FOR i IN 1..COALESCE(cardinality(p_stream_ids), 0) LOOP
         SELECT COALESCE(MAX(e.version), 0) INTO v_actual FROM ${s}.events e WHERE e.stream_id = p_stream_ids[i];
         actual_versions := actual_versions || v_actual;
         IF NOT (p_expected[i] IS NULL OR (p_expected[i] = -1 AND v_actual > 0) OR p_expected[i] = v_actual) THEN
           failed_part := i;
           RETURN;
         END IF;
       END LOOP;
       -- Rule 1 of the global order, as in append_events.
       PERFORM pg_advisory_lock(${lockClass}, ${lockKey});
       WITH inserted AS (
         INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata)
         SELECT p_stream_ids[n.part], actual_versions[n.part] + (row_number() OVER (PARTITION BY n.part ORDER BY n.ord))::integer,
                n.event_id, n.type, n.data, n.metadata
         FROM unnest(p_part_of, p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(part, event_id, type, data, metadata, ord)
         ORDER BY n.ord
         ON CONFLICT DO NOTHING
         RETURNING stream_id, global_position
       )
       SELECT (SELECT count(*)::integer FROM inserted),
              ARRAY(SELECT (SELECT MAX(i.global_position) FROM inserted i WHERE i.stream_id = p.stream_id)
                    FROM unnest(p_stream_ids) WITH ORDINALITY AS p(stream_id, o) ORDER BY p.o)
         INTO v_inserted, last_positions;
       PERFORM pg_advisory_unlock(${lockClass}, ${lockKey});
       IF v_inserted < v_count THEN
         SELECT n.event_id INTO v_duplicate FROM unnest(p_event_ids) AS n(event_id)
         WHERE EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = n.event_id AND e.transaction_id <> pg_current_xact_id())
         LIMIT 1;
         IF v_duplicate IS NOT NULL THEN
           RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_event_id_key',
             MESSAGE = 'duplicate key value violates unique constraint "events_event_id_key"',
             DETAIL = format('Key (event_id)=(%s) already exists.', v_duplicate);
         END IF;
         RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_stream_version_key',
           MESSAGE = 'duplicate key value violates unique constraint "events_stream_version_key"',
           DETAIL = 'A concurrent append took a version of one of the streams.';
       END IF;
     END
     $append$`;
