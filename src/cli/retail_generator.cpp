#include "cli/retail_generator.h"

#include <cstdio>
#include <filesystem>
#include <numeric>

#include "common/error.h"
#include "types/text_codec.h"

namespace sluice::cli {
namespace {

constexpr size_t kPieceBytes = 1 << 20;

// xoshiro256** seeded through splitmix64: fast, and the same sequence everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) {
    for (uint64_t& word : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      word = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    uint64_t result = Rotate(state_[1] * 5, 7) * 9;
    uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotate(state_[3], 45);
    return result;
  }
  // Uniform in [0, n) by the multiply-high method (n > 0).
  uint64_t Below(uint64_t n) {
    __extension__ using Wide = unsigned __int128;
    return static_cast<uint64_t>((static_cast<Wide>(Next()) * n) >> 64);
  }

 private:
  static uint64_t Rotate(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

template <size_t N>
constexpr size_t Count(const char* const (&)[N]) {
  return N;
}

const char* const kStatuses[] = {"delivered", "shipped", "processing", "pending", "cancelled"};
const unsigned kStatusPercentEnd[] = {50, 70, 80, 90, 100};
const char* const kRegions[] = {"us-east", "us-west", "us-central", "canada",    "mexico",
                                "brazil",  "chile",   "uk",         "ireland",   "france",
                                "germany", "benelux", "nordics",    "iberia",    "italy",
                                "india",   "japan",   "korea",      "australia", "south-africa"};
const char* const kSegments[] = {"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"};
const char* const kCountries[] = {
    "United States", "Canada",      "Mexico",         "Brazil",      "Argentina", "Chile",
    "Peru",          "Colombia",    "United Kingdom", "Ireland",     "France",    "Germany",
    "Netherlands",   "Belgium",     "Luxembourg",     "Switzerland", "Austria",   "Italy",
    "Spain",         "Portugal",    "Sweden",         "Norway",      "Denmark",   "Finland",
    "Iceland",       "Poland",      "Czechia",        "Slovakia",    "Hungary",   "Romania",
    "Greece",        "Turkey",      "Israel",         "Egypt",       "Morocco",   "Kenya",
    "Nigeria",       "Ghana",       "South Africa",   "India",       "Sri Lanka", "China",
    "Japan",         "South Korea", "Vietnam",        "Thailand",    "Singapore", "Indonesia",
    "Australia",     "New Zealand"};
const char* const kFirstNames[] = {
    "Ada",   "Bruno", "Chen",  "Dana",   "Elif",  "Farid", "Greta", "Hana", "Ines",  "Jonas",
    "Kiran", "Lena",  "Marco", "Nadia",  "Oscar", "Paula", "Quinn", "Rosa", "Sami",  "Tara",
    "Umar",  "Vera",  "Wen",   "Ximena", "Yusuf", "Zara",  "Aiko",  "Bea",  "Caleb", "Dmitri"};
const char* const kLastNames[] = {
    "Abe",     "Baker",  "Costa",    "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau",  "Novak",   "Okafor", "Park",
    "Quispe",  "Rossi",  "Silva",    "Tanaka", "Ueda",    "Varga",   "Weber",  "Xu",
    "Yilmaz",  "Zhang",  "Andersen", "Brown",  "Chopra",  "Diaz",    "Evans",  "Ferrari"};
const char* const kWords[] = {
    "gift",    "wrap",     "fragile",   "leave",  "at",      "door",  "call",      "on",
    "arrival", "express",  "return",    "label",  "missing", "box",   "dented",    "thanks",
    "repeat",  "customer", "invoice",   "needed", "blue",    "green", "size",      "medium",
    "large",   "small",    "backorder", "pallet", "dock",    "north", "south",     "gate",
    "promo",   "code",     "applied",   "twice",  "no",      "rush",  "signature", "required",
    "weekend", "delivery", "only",      "ok",     "hold",    "until", "monday",    "please"};

constexpr int32_t kOrderFirstDay = 19358;   // 2023-01-01
constexpr int32_t kOrderDays = 731;         // through 2024-12-31
constexpr int32_t kSignupFirstDay = 16436;  // 2015-01-01
constexpr int32_t kSignupDays = 2922;       // through 2022-12-31

std::vector<std::string> DayTexts(int32_t first, int32_t count) {
  std::vector<std::string> days;
  days.reserve(static_cast<size_t>(count));
  for (int32_t d = 0; d < count; d++) days.push_back(FormatDate(first + d));
  return days;
}

void AppendTwoDigits(unsigned v, std::string& out) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

void AppendUnsigned(uint64_t v, std::string& out) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out += digits[--n];
}

// A comment of exactly `length` characters (10..60): words, maybe a comma, maybe a quoted
// word; quoted as a CSV field when it holds a comma or a quote.
void AppendComment(Random& random, std::string& out) {
  size_t length = 10 + random.Below(51);
  uint64_t kind = random.Below(1000);
  bool with_comma = kind < 100, with_quote = kind < 10;
  std::string text;
  bool comma_pending = with_comma;
  while (true) {
    const char* word = kWords[random.Below(Count(kWords))];
    size_t word_length = std::char_traits<char>::length(word);
    bool comma_here = comma_pending && text.size() >= length / 3;
    size_t extra = (text.empty() ? 0 : 1) + (comma_here ? 1 : 0) + (with_quote ? 2 : 0);
    if (text.size() + word_length + extra > length) break;
    if (comma_here) {
      text += ',';
      comma_pending = false;
    }
    if (!text.empty()) text += ' ';
    bool quote_this = with_quote && text.size() >= length / 3;
    if (quote_this) text += '"';
    text += word;
    if (quote_this) {
      text += '"';
      with_quote = false;
    }
  }
  while (text.size() < length) text += static_cast<char>('a' + random.Below(26));
  if (comma_pending) text[std::max<size_t>(1, text.size() / 2)] = ',';
  if (text.find_first_of(",\"") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void WriteFile(const std::string& path,
               const std::function<void(const std::function<void(std::string_view)>&)>& produce,
               uint64_t* bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw Error::Permanent("{}: cannot create file", path);
  bool ok = true;
  produce([&](std::string_view piece) {
    if (ok && std::fwrite(piece.data(), 1, piece.size(), file) != piece.size()) ok = false;
    *bytes += piece.size();
  });
  if (std::fclose(file) != 0) ok = false;
  if (!ok) throw Error::Permanent("{}: write failed (disk full?)", path);
}

}  // namespace

RetailGenerator::RetailGenerator(uint64_t rows, uint64_t seed)
    : rows_(rows), customers_(std::max<uint64_t>(rows / 100, 1)), seed_(seed) {
  customer_multiplier_ = 0x9E3779B1ULL % customers_;
  if (customer_multiplier_ == 0) customer_multiplier_ = 1;
  while (std::gcd(customer_multiplier_, customers_) != 1) customer_multiplier_++;
}

void RetailGenerator::WriteCustomers(const std::function<void(std::string_view)>& write) const {
  Random random(seed_ * 31 + 1);
  std::vector<std::string> days = DayTexts(kSignupFirstDay, kSignupDays);
  std::string out = "customer_id,name,segment,country,signup_date\n";
  for (uint64_t id = 1; id <= customers_; id++) {
    AppendUnsigned(id, out);
    out += ',';
    out += kFirstNames[random.Below(Count(kFirstNames))];
    out += ' ';
    out += kLastNames[random.Below(Count(kLastNames))];
    out += ',';
    out += kSegments[random.Below(Count(kSegments))];
    out += ',';
    out += kCountries[random.Below(Count(kCountries))];
    out += ',';
    out += days[random.Below(kSignupDays)];
    out += '\n';
    if (out.size() >= kPieceBytes) {
      write(out);
      out.clear();
    }
  }
  write(out);
}

void RetailGenerator::WriteOrders(const std::function<void(std::string_view)>& write) const {
  Random random(seed_ * 31 + 2);
  std::vector<std::string> days = DayTexts(kOrderFirstDay, kOrderDays);
  uint64_t hot_customers = std::max<uint64_t>(customers_ / 5, 1);
  std::string out =
      "order_id,customer_id,order_ts,status,region,quantity,unit_price,discount,"
      "comment\n";
  out.reserve(kPieceBytes + 4096);
  for (uint64_t id = 1; id <= rows_; id++) {
    AppendUnsigned(id, out);
    out += ',';
    uint64_t index =
        (random.Next() & 1) != 0 ? random.Below(hot_customers) : random.Below(customers_);
    AppendUnsigned(index * customer_multiplier_ % customers_ + 1, out);
    out += ',';
    uint64_t second = random.Below(uint64_t{kOrderDays} * 86400);
    out += days[second / 86400];
    auto second_of_day = static_cast<unsigned>(second % 86400);
    out += ' ';
    AppendTwoDigits(second_of_day / 3600, out);
    out += ':';
    AppendTwoDigits(second_of_day / 60 % 60, out);
    out += ':';
    AppendTwoDigits(second_of_day % 60, out);
    out += ',';
    auto status_draw = static_cast<unsigned>(random.Below(100));
    size_t status = 0;
    while (status_draw >= kStatusPercentEnd[status]) status++;
    out += kStatuses[status];
    out += ',';
    out += kRegions[random.Below(Count(kRegions))];
    out += ',';
    AppendUnsigned(1 + random.Below(100), out);
    out += ',';
    uint64_t cents = 50 + random.Below(99950);
    AppendUnsigned(cents / 100, out);
    out += '.';
    AppendTwoDigits(static_cast<unsigned>(cents % 100), out);
    out += ',';
    if (random.Below(100) >= 5) {
      out += "0.";
      AppendTwoDigits(static_cast<unsigned>(random.Below(31)), out);
    }
    out += ',';
    AppendComment(random, out);
    out += '\n';
    if (out.size() >= kPieceBytes) {
      write(out);
      out.clear();
    }
  }
  write(out);
}

RetailSummary RetailGenerator::WriteFiles(const std::string& dir) const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error::Permanent("{}: cannot create directory: {}", dir, ec.message());
  RetailSummary summary;
  summary.orders = rows_;
  summary.customers = customers_;
  std::string base = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  WriteFile(
      base + "customers.csv", [&](const auto& write) { WriteCustomers(write); }, &summary.bytes);
  WriteFile(
      base + "orders.csv", [&](const auto& write) { WriteOrders(write); }, &summary.bytes);
  return summary;
}

}  // namespace sluice::cli
