package io.invoiceroutes.files;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Turns names from outside (inbox, SFTP, mail) into safe local and API file names. */
public final class FileNames {
    private static final Set<String> SUPPORTED = Set.of("pdf", "jpg", "jpeg", "png");
    private static final int MAX_API_NAME = 200;

    /** Instances exist only so routes can call the checks as a bean. */
    public FileNames() {
        // stateless
    }

    /** The lower-case extension without the dot, or "" when there is none. */
    public static String extension(String name) {
        String base = baseName(name);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** True for the types the API reads: .pdf, .jpg, .jpeg, .png (any case). */
    public static boolean isSupported(String name) {
        return SUPPORTED.contains(extension(name));
    }

    /**
     * A name that is safe on disk and valid for the API: no directories, no control characters, no slashes,
     * no surrounding whitespace, at most 200 characters, extension in lower case. Letters of any script stay.
     */
    public static String safe(String name) {
        // strip first: a trailing tab or newline is whitespace, not a character to replace into the extension
        String base = Normalizer.normalize(baseName(name), Normalizer.Form.NFC).strip();
        StringBuilder out = new StringBuilder(base.length());
        base.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?'
                    || cp == '"' || cp == '<' || cp == '>' || cp == '|') {
                out.append('_');
            } else {
                out.appendCodePoint(cp);
            }
        });
        String cleaned = out.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1).strip();
        }
        String ext = extension(cleaned);
        String stem = ext.isEmpty() ? cleaned : cleaned.substring(0, cleaned.length() - ext.length() - 1).strip();
        if (stem.isEmpty()) {
            stem = "file";
        }
        String suffix = ext.isEmpty() ? "" : "." + ext;
        int room = MAX_API_NAME - suffix.length();
        if (stem.length() > room) {
            stem = cut(stem, room).strip();
        }
        return stem + suffix;
    }

    /** Makes {@code name} unique among {@code taken} (case-insensitive) by adding " (2)", " (3)", ... */
    public static String uniqueIn(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = withCounter(name, i);
        }
        return candidate;
    }

    /** {@code name} with " (n)" before its extension, still within 200 characters. */
    public static String withCounter(String name, int n) {
        String ext = extension(name);
        String stem = ext.isEmpty() ? name : name.substring(0, name.length() - ext.length() - 1);
        String suffix = ext.isEmpty() ? "" : "." + ext;
        String tag = " (" + n + ")";
        int room = MAX_API_NAME - tag.length() - suffix.length();
        return (stem.length() > room ? cut(stem, room) : stem) + tag + suffix;
    }

    /** The first {@code length} chars of {@code s}, one fewer when the cut would split a surrogate pair. */
    private static String cut(String s, int length) {
        int end = length > 0 && Character.isHighSurrogate(s.charAt(length - 1)) ? length - 1 : length;
        return s.substring(0, end);
    }

    private static String baseName(String name) {
        String n = name == null ? "" : name;
        int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        return cut >= 0 ? n.substring(cut + 1) : n;
    }
}
