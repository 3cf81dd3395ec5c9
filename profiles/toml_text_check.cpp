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
                    if (!done() && static_cast<unsigned char>(peek()) >= 0x80)
                        fail(describe(next()) + " right after a line-ending backslash in a \"\"\" string: this "
                                                "build's TOML reader cannot take that; start the line with a plain "
                                                "ASCII character or join the lines");
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

}  // namespace facet
