package io.sluice.ui.wizard;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;

/**
 * The drafts of one user, in their HTTP session: they end with the session, and nobody else can
 * reach them. A session keeps its {@value #MAX_DRAFTS} newest drafts; a tab left open on an older
 * one is told to start again.
 */
@Component
class DraftStore {

    static final int MAX_DRAFTS = 10;

    private static final String ATTRIBUTE = DraftStore.class.getName();

    private final SecureRandom random = new SecureRandom();

    Draft create(HttpSession session, String pipelineId, String etag, WizardForms.Forms forms) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        Draft draft = new Draft(HexFormat.of().formatHex(bytes), pipelineId, etag, forms);
        Map<String, Draft> drafts = drafts(session);
        synchronized (drafts) {
            // A new pipeline's draft the user never sent a page of was abandoned (they opened the
            // wizard and left): it would only crowd the list of unfinished drafts.
            drafts.values().removeIf((old) -> !old.editing() && !old.touched());
            drafts.put(draft.id(), draft);
            while (drafts.size() > MAX_DRAFTS) {
                drafts.remove(drafts.keySet().iterator().next());
            }
        }
        // Tell the session the attribute changed, for session stores that copy it.
        session.setAttribute(ATTRIBUTE, drafts);
        return draft;
    }

    Optional<Draft> find(HttpSession session, String id) {
        if (id == null) {
            return Optional.empty();
        }
        Map<String, Draft> drafts = drafts(session);
        synchronized (drafts) {
            return Optional.ofNullable(drafts.get(id));
        }
    }

    /** The drafts the user worked on, oldest first. */
    List<Draft> unfinished(HttpSession session) {
        Map<String, Draft> drafts = drafts(session);
        synchronized (drafts) {
            return new ArrayList<>(drafts.values().stream().filter(Draft::touched).toList());
        }
    }

    void remove(HttpSession session, String id) {
        Map<String, Draft> drafts = drafts(session);
        synchronized (drafts) {
            drafts.remove(id);
        }
        session.setAttribute(ATTRIBUTE, drafts);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Draft> drafts(HttpSession session) {
        synchronized (session) {
            Object drafts = session.getAttribute(ATTRIBUTE);
            if (drafts == null) {
                drafts = new LinkedHashMap<String, Draft>();
                session.setAttribute(ATTRIBUTE, drafts);
            }
            return (Map<String, Draft>) drafts;
        }
    }
}
