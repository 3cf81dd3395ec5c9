#include "profiles/toml_text_check.hpp"

#include <cstdint>
#include <cstdio>

namespace facet {

namespace {

class Scanner {
public:
    Scanner(std::string_view text, const std::string& file) : text_(text), file_(file) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;   // a UTF-8 byte order mark is allowed
    }

    void run() {
        while (!done()) {
            const char c = peek();
            if (c == '#') comment();
            else if (text_.substr(pos_, 3) == "\"\"\"") multiLineBasic();
            else if (text_.substr(pos_, 3) == "'''") multiLineLiteral();
            else if (c == '"') basic();
            else if (c == '\'') literal();
            else if (static_cast<unsigned char>(c) >= 0x80)
                fail(describe(next()) + " outside quotes: TOML allows only plain ASCII outside strings and comments "
                                        "(put text in \"quotes\")");
            else next();
        }
    }

private:
    bool done() const { return pos_ >= text_.size(); }
    char peek() const { return text_[pos_]; }

    // Decodes one UTF-8 code point (validating it) and advances.
    char32_t next() {
        const auto b0 = static_cast<unsigned char>(text_[pos_]);
        if (b0 < 0x80) {
            ++pos_;
            if (b0 == '\n') ++line_;
            return b0;
        }
        int extra = b0 >= 0xF0 && b0 <= 0xF4 ? 3 : b0 >= 0xE0 && b0 <= 0xEF ? 2 : b0 >= 0xC2 && b0 <= 0xDF ? 1 : -1;
        if (extra < 0) invalidUtf8();
        char32_t cp = b0 & (0x3F >> extra);
        for (int i = 1; i <= extra; ++i) {
            if (pos_ + i >= text_.size()) invalidUtf8();
            const auto b = static_cast<unsigned char>(text_[pos_ + i]);
            if ((b & 0xC0) != 0x80) invalidUtf8();
            cp = (cp << 6) | (b & 0x3F);
        }
        const char32_t minimum = extra == 1 ? 0x80 : extra == 2 ? 0x800 : 0x10000;
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) invalidUtf8();
        pos_ += extra + 1;
        return cp;
    }

    [[noreturn]] void invalidUtf8() {
        fail("the file is not valid UTF-8 here (save it as UTF-8 text)");
    }

    [[noreturn]] void fail(const std::string& message) {
        throw ProfileError({ProfileIssue{file_, line_, "", message}});
    }

    static std::string describe(char32_t cp) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
        return std::string("the character ") + buf;
    }

    void comment() {
        while (!done() && peek() != '\n') next();
    }

    void basic() {
        next();   // opening quote
        while (!done() && peek() != '"' && peek() != '\n') {
            if (peek() == '\\') {
                next();
                if (done()) return;
                if (static_cast<unsigned char>(peek()) >= 0x80)
                    fail(describe(next()) + " after a backslash is not an escape (write \\\\ for a backslash)");
            }
            next();
        }
        if (!done() && peek() == '"') next();
    }

    void literal() {
        next();
        while (!done() && peek() != '\'' && peek() != '\n') next();
        if (!done() && peek() == '\'') next();
    }

    void multiLineLiteral() {
        pos_ += 3;
        while (!done()) {
            if (text_.substr(pos_, 3) == "'''") {
                while (!done() && peek() == '\'') next();
                return;
            }
            next();
        }
    }

    void multiLineBasic() {
        pos_ += 3;
        while (!done()) {
            if (text_.substr(pos_, 3) == "\"\"\"") {
                while (!done() && peek() == '"') next();
                return;
            }
            if (peek() == '\\') {
                next();
                if (done()) return;
                if (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') {
                    // A line-ending backslash: the parser skips whitespace and asks of the first
                    // other character whether it is whitespace.
                    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) next();
                    continue;
                }
                if (static_cast<unsigned char>(peek()) >= 0x80)
                    fail(describe(next()) + " after a backslash in a \"\"\" string is not an escape");
            }
            next();
        }
    }

    std::string_view text_;
    const std::string& file_;
    size_t pos_ = 0;
    int line_ = 1;
};

}  // namespace

void checkTomlText(std::string_view text, const std::string& file) { Scanner(text, file).run(); }

namespace {

std::string utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

// Splits valid UTF-8 into code points with their byte lengths.
template <typename F>
void forEachCodePoint(std::string_view text, F f) {
    for (size_t i = 0; i < text.size();) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        const int len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? b0 : b0 & (0x3F >> (len - 1));
        for (int k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        f(cp, text.substr(i, len));
        i += len;
    }
}

}  // namespace

bool tomlPlusPlus33CannotClassify(char32_t cp) {
    return (cp >= 0xA1 && cp <= 0x499) || (cp >= 0x2C5E && cp <= 0x2FFF) || (cp >= 0x3001 && cp <= 0x3057) ||
           (cp >= 0xFB26 && cp <= 0xFEFE);
}

SafeTomlText makeTomlTextSafe(std::string_view text) {
    SafeTomlText safe;
    std::map<char32_t, bool> used;
    bool any = false;
    forEachCodePoint(text, [&](char32_t cp, std::string_view) {
        used[cp] = true;
        any |= tomlPlusPlus33CannotClassify(cp);
    });
    if (!any) {
        safe.text = std::string(text);
        return safe;
    }
    std::map<char32_t, char32_t> swap;
    char32_t nextPrivate = 0xE000;   // the Private Use Area: no meaning of its own
    safe.text.reserve(text.size() + 16);
    forEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
        if (!tomlPlusPlus33CannotClassify(cp)) {
            safe.text += bytes;
            return;
        }
        auto it = swap.find(cp);
        if (it == swap.end()) {
            while (used.count(nextPrivate)) ++nextPrivate;
            it = swap.emplace(cp, nextPrivate++).first;
            safe.restore[utf8(it->second)] = utf8(cp);
        }
        safe.text += utf8(it->second);
    });
    return safe;
}

std::string SafeTomlText::restored(std::string s) const {
    if (restore.empty()) return s;
    for (const auto& [substitute, original] : restore) {
        for (size_t at = s.find(substitute); at != std::string::npos; at = s.find(substitute, at + original.size()))
            s.replace(at, substitute.size(), original);
    }
    return s;
}

}  // namespace facet
