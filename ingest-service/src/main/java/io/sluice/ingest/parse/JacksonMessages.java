package io.sluice.ingest.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse-error text made fit for a dead-letter reason, which users read in the UI.
 * Jackson embeds locations as "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`
 * disabled); line: 1, column: 1]"; that names a Jackson setting, not anything the user did.
 */
final class JacksonMessages {

    private static final Pattern LOCATION = Pattern.compile("\\[Source: [^\\]]*]");

    private static final Pattern LINE_COLUMN = Pattern.compile("line: (\\d+), column: (\\d+)");

    // A parenthesised remark whose only content is a location that says nothing, like
    // " (start marker at [Source: ...; byte offset: #UNKNOWN])".
    private static final Pattern EMPTY_REMARK = Pattern.compile(" ?\\([^()]*\u0000\\)");

    private JacksonMessages() {
    }

    /** The message with each embedded location reduced to "line L, column C", or left out if it has neither. */
    static String plain(String message) {
        if (message == null) {
            return "";
        }
        Matcher location = LOCATION.matcher(message);
        StringBuilder plain = new StringBuilder();
        while (location.find()) {
            Matcher lineColumn = LINE_COLUMN.matcher(location.group());
            String replacement = lineColumn.find() ? "line " + lineColumn.group(1) + ", column " + lineColumn.group(2) : "\u0000";
            location.appendReplacement(plain, Matcher.quoteReplacement(replacement));
        }
        location.appendTail(plain);
        return EMPTY_REMARK.matcher(plain).replaceAll("").replace(" at \u0000", "").replace("\u0000", "").trim();
    }

}
