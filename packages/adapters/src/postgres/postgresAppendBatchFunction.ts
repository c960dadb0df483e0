import { reservePositions, sequenceOf } from './postgresAppendFunctions';

/**
 * Migration 6: `append_batch`, several appends (each one or more streams) in ONE transaction, for
 * group commit (`postgresGroupCommit.ts`). Rule 1 of the global order is per transaction, so the
 * batch takes its transaction id and reserves every position of every append at once, under the
 * position lock, exactly as `append_events` does for one append; then each append runs in its own
 * subtransaction (a PL/pgSQL block with an EXCEPTION clause), so that one append's failure rolls
 * back that append alone and the others still commit with the batch.
 *
 * Answers one row per append, in the order given: `r_failed_part` and the actual versions when an
 * expected version did not hold (nothing written), or the SQLSTATE, constraint, detail and message
 * of the error that rolled the append back, or the last position of each of its streams.
 */

/** Raises 23505 on the event id constraint when an event id is already stored by anything but this append, else on the version constraint. */
const raiseMemberConflict = (s: string): string => `
           IF v_inserted < cardinality(v_mine) THEN
             SELECT n.event_id INTO v_duplicate FROM unnest(p_event_ids, p_part_of) AS n(event_id, part)
             WHERE p_member_of[n.part] = m
               AND EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = n.event_id AND NOT (e.global_position = ANY (v_mine)))
             LIMIT 1;
             IF v_duplicate IS NOT NULL THEN
               RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_event_id_key',
                 MESSAGE = 'duplicate key value violates unique constraint "events_event_id_key"',
                 DETAIL = format('Key (event_id)=(%s) already exists.', v_duplicate);
             END IF;
             RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_stream_version_key',
               MESSAGE = 'duplicate key value violates unique constraint "events_stream_version_key"',
               DETAIL = 'A concurrent append took a version of one of the streams.';
           END IF;`;

/**
 * `append_batch(member_of, stream_ids, expected, part_of, event_ids, types, data, metadata)`: parts
 * (a stream with its expected version: NULL any, -1 an existing stream, n exactly n events) name the
 * append they belong to (`member_of`, 1..m, in order); events name their part (`part_of`). Every part
 * has at least one event.
 */
export const appendBatchMigration = (s: string, lockClass: number, lockKey: number): string =>
  `CREATE OR REPLACE FUNCTION ${s}.append_batch(
       p_member_of integer[], p_stream_ids text[], p_expected integer[],
       p_part_of integer[], p_event_ids text[], p_types text[], p_data text[], p_metadata text[])
     RETURNS TABLE (r_member integer, r_failed_part integer, r_actual_versions integer[], r_last_positions bigint[],
                    r_error_state text, r_error_constraint text, r_error_detail text, r_error_message text)
     LANGUAGE plpgsql VOLATILE AS $batch$
     DECLARE
       v_count integer := COALESCE(cardinality(p_event_ids), 0);
       v_parts integer := COALESCE(cardinality(p_stream_ids), 0);
       v_members integer := COALESCE((SELECT MAX(x) FROM unnest(p_member_of) AS x), 0);
       v_sequence regclass := ${sequenceOf(s)};
       v_positions bigint[];
       v_part_actual integer[];
       v_actual integer;
       v_mine bigint[];
       v_inserted integer;
       v_duplicate text;
     BEGIN
       IF v_count > 0 THEN
         -- Rule 1: this transaction's id and all its positions, together, one transaction at a time.${reservePositions(lockClass, lockKey)}
       END IF;
       v_part_actual := array_fill(0, ARRAY[GREATEST(v_parts, 1)]);
       FOR m IN 1..v_members LOOP
         r_member := m;
         r_failed_part := NULL;
         r_actual_versions := '{}';
         r_last_positions := NULL;
         r_error_state := NULL;
         r_error_constraint := NULL;
         r_error_detail := NULL;
         r_error_message := NULL;
         BEGIN
           FOR p IN 1..v_parts LOOP
             CONTINUE WHEN p_member_of[p] <> m;
             SELECT COALESCE(MAX(e.version), 0) INTO v_actual FROM ${s}.events e WHERE e.stream_id = p_stream_ids[p];
             v_part_actual[p] := v_actual;
             r_actual_versions := r_actual_versions || v_actual;
             IF NOT (p_expected[p] IS NULL OR (p_expected[p] = -1 AND v_actual > 0) OR p_expected[p] = v_actual) THEN
               r_failed_part := cardinality(r_actual_versions);
               EXIT;
             END IF;
           END LOOP;
           IF r_failed_part IS NULL THEN
             v_mine := ARRAY(SELECT v_positions[n.ord::integer] FROM unnest(p_part_of) WITH ORDINALITY AS n(part, ord) WHERE p_member_of[n.part] = m);
             WITH inserted AS (
               INSERT INTO ${s}.events (global_position, stream_id, version, event_id, type, data, metadata) OVERRIDING SYSTEM VALUE
               SELECT v_positions[n.ord::integer], p_stream_ids[n.part],
                      v_part_actual[n.part] + (row_number() OVER (PARTITION BY n.part ORDER BY n.ord))::integer,
                      n.event_id, n.type, n.data, n.metadata
               FROM unnest(p_part_of, p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(part, event_id, type, data, metadata, ord)
               WHERE p_member_of[n.part] = m
               ORDER BY n.ord
               ON CONFLICT DO NOTHING
               RETURNING stream_id, global_position
             )
             SELECT (SELECT count(*)::integer FROM inserted),
                    ARRAY(SELECT (SELECT MAX(ins.global_position) FROM inserted ins WHERE ins.stream_id = p_stream_ids[q.o])
                          FROM generate_series(1, v_parts) AS q(o) WHERE p_member_of[q.o] = m ORDER BY q.o)
               INTO v_inserted, r_last_positions;${raiseMemberConflict(s)}
           END IF;
         EXCEPTION WHEN OTHERS THEN
           GET STACKED DIAGNOSTICS r_error_state = RETURNED_SQLSTATE, r_error_constraint = CONSTRAINT_NAME,
                                   r_error_detail = PG_EXCEPTION_DETAIL, r_error_message = MESSAGE_TEXT;
           r_last_positions := NULL;
         END;
         RETURN NEXT;
       END LOOP;
     END
     $batch$`;
