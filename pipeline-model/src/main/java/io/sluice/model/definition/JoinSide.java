package io.sluice.model.definition;

import java.util.List;

/**
 * One input of a join.
 *
 * @param key fields of this source compared, in order, with the other side's key
 * @param window how long an event of this side waits for its partner
 */
public record JoinSide(String sourceId, List<String> key, Window window) {

    public JoinSide {
        key = ListCopies.keepingNulls(key);
    }

}
