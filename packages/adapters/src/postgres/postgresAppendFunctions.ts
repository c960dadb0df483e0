/**
 * Migrations 4 and 5: `append_events` and `append_to_streams` that hold the position lock only while
 * they take their transaction id and reserve their global positions (from the identity's sequence),
 * not across the INSERT. The INSERT (three index updates, and a wait when it meets an uncommitted
 * row with the same key) then runs beside other appends' inserts. Same arguments and answers as
 * versions 2 and 3, so a store of either version runs against either schema.
 */

/** The sequence behind `events.global_position` (an identity column's own sequence, CACHE 1). */
export const sequenceOf = (s: string): string => `pg_get_serial_sequence('${s}.events', 'global_position')::regclass`;

/**
 * Rule 1 of the global order (see `postgresEventStore.ts`): the transaction id and every position
 * of the transaction are taken together, one append at a time. Two steps in memory on the server,
 * microseconds; the lock is session-level, released before the INSERT (a failure between the two
 * leaves it held: the store then gives it back or drops the connection).
 */
export const reservePositions = (lockClass: number, lockKey: number): string => `
       PERFORM pg_advisory_lock(${lockClass}, ${lockKey});
       PERFORM pg_current_xact_id();
       v_positions := ARRAY(SELECT nextval(v_sequence) FROM generate_series(1, v_count) ORDER BY 1);
       PERFORM pg_advisory_unlock(${lockClass}, ${lockKey});`;

/** Raises 23505 on the event id constraint when another transaction holds one of the ids, else on the version constraint. */
const raiseConflict = (s: string, versionDetail: string): string => `
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
           DETAIL = ${versionDetail};
       END IF;`;

/**
 * Migration 4: `append_events(stream, expected, ids, types, data, metadata)`: checks the expected
 * version (NULL any, -1 an existing stream, n exactly n events; a mismatch answers the actual
 * version and writes nothing), reserves the positions, inserts, answers the last position.
 */
export const appendEventsReservingMigration = (s: string, lockClass: number, lockKey: number): string =>
  `CREATE OR REPLACE FUNCTION ${s}.append_events(
       p_stream_id text, p_expected integer, p_event_ids text[], p_types text[], p_data text[], p_metadata text[],
       OUT ok boolean, OUT actual_version integer, OUT last_position bigint)
     LANGUAGE plpgsql VOLATILE AS $append$
     DECLARE
       v_count integer := COALESCE(cardinality(p_event_ids), 0);
       v_sequence regclass := ${sequenceOf(s)};
       v_positions bigint[];
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
       END IF;${reservePositions(lockClass, lockKey)}
       WITH inserted AS (
         INSERT INTO ${s}.events (global_position, stream_id, version, event_id, type, data, metadata) OVERRIDING SYSTEM VALUE
         SELECT v_positions[n.ord::integer], p_stream_id, actual_version + n.ord::integer, n.event_id, n.type, n.data, n.metadata
         FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(event_id, type, data, metadata, ord)
         ORDER BY n.ord
         ON CONFLICT DO NOTHING
         RETURNING global_position
       )
       SELECT count(*)::integer, MAX(inserted.global_position) INTO v_inserted, last_position FROM inserted;${raiseConflict(s, `format('Key (stream_id, version)=(%s, %s) already exists.', p_stream_id, actual_version + 1)`)}
     END
     $append$`;

/**
 * Migration 5: `append_to_streams`, the same for several streams in one statement: every part's
 * expected version first (answering the first part that fails and the actual versions), then every
 * event's position reserved at once, in the order given, and the events inserted.
 */
export const appendToStreamsReservingMigration = (s: string, lockClass: number, lockKey: number): string =>
  `CREATE OR REPLACE FUNCTION ${s}.append_to_streams(
       p_stream_ids text[], p_expected integer[], p_part_of integer[], p_event_ids text[], p_types text[], p_data text[], p_metadata text[],
       OUT failed_part integer, OUT actual_versions integer[], OUT last_positions bigint[])
     LANGUAGE plpgsql VOLATILE AS $append$
     DECLARE
       v_count integer := COALESCE(cardinality(p_event_ids), 0);
       v_sequence regclass := ${sequenceOf(s)};
       v_positions bigint[];
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
       IF v_count > 0 THEN${reservePositions(lockClass, lockKey)}
       END IF;
       WITH inserted AS (
         INSERT INTO ${s}.events (global_position, stream_id, version, event_id, type, data, metadata) OVERRIDING SYSTEM VALUE
         SELECT v_positions[n.ord::integer], p_stream_ids[n.part], actual_versions[n.part] + (row_number() OVER (PARTITION BY n.part ORDER BY n.ord))::integer,
                n.event_id, n.type, n.data, n.metadata
         FROM unnest(p_part_of, p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(part, event_id, type, data, metadata, ord)
         ORDER BY n.ord
         ON CONFLICT DO NOTHING
         RETURNING stream_id, global_position
       )
       SELECT (SELECT count(*)::integer FROM inserted),
              ARRAY(SELECT (SELECT MAX(i.global_position) FROM inserted i WHERE i.stream_id = p.stream_id)
                    FROM unnest(p_stream_ids) WITH ORDINALITY AS p(stream_id, o) ORDER BY p.o)
         INTO v_inserted, last_positions;${raiseConflict(s, `'A concurrent append took a version of one of the streams.'`)}
     END
     $append$`;
