#include "vector/vector.h"

#include <cstring>

#include "common/error.h"

namespace sluice {
namespace {
size_t ValidityWords(size_t capacity) {
  return (capacity + 63) / 64;
}
}  // namespace

Vector::Vector(TypeId type, size_t capacity) {
  Initialize(type, capacity);
}

void Vector::Initialize(TypeId type, size_t capacity) {
  if (capacity == 0) capacity = 1;
  bool same_shape = type == type_ && capacity <= capacity_;
  if (!same_shape || data_ == nullptr || data_.use_count() > 1) {
    size_t bytes = PhysicalSize(type) * capacity;
    // 8 spare bytes let kernels read a whole word at the end of a buffer.
    data_ = std::shared_ptr<uint8_t[]>(new uint8_t[bytes + 8]);
    capacity_ = capacity;
  }
  type_ = type;
  validity_.reset();
  constant_ = false;
  if (type == TypeId::kVarchar) {
    if (arena_ == nullptr || arena_.use_count() > 1) {
      arena_ = std::make_shared<StringArena>();
    } else {
      arena_->Clear();
    }
  } else {
    arena_.reset();
  }
}

void Vector::Reference(const Vector& other) {
  type_ = other.type_;
  capacity_ = other.capacity_;
  constant_ = other.constant_;
  data_ = other.data_;
  validity_ = other.validity_;
  arena_ = other.arena_;
}

uint64_t* Vector::mutable_validity_words() {
  if (validity_ == nullptr) {
    size_t words = ValidityWords(capacity_);
    validity_ = std::shared_ptr<uint64_t[]>(new uint64_t[words]);
    std::memset(validity_.get(), 0xFF, words * sizeof(uint64_t));
  }
  return validity_.get();
}

StringArena& Vector::arena() {
  if (arena_ == nullptr) arena_ = std::make_shared<StringArena>();
  return *arena_;
}

Value Vector::GetValue(size_t i) const {
  if (constant_) i = 0;
  if (!IsValid(i)) return Value::Null(type_);
  switch (type_) {
    case TypeId::kNull: return Value::Null();
    case TypeId::kBoolean: return Value::Boolean(data<uint8_t>()[i] != 0);
    case TypeId::kInteger: return Value::Integer(data<int32_t>()[i]);
    case TypeId::kBigint: return Value::Bigint(data<int64_t>()[i]);
    case TypeId::kDouble: return Value::Double(data<double>()[i]);
    case TypeId::kVarchar: return Value::Varchar(std::string(data<StringRef>()[i].view()));
    case TypeId::kDate: return Value::Date(data<int32_t>()[i]);
    case TypeId::kTimestamp: return Value::Timestamp(data<int64_t>()[i]);
  }
  return Value::Null();
}

void Vector::SetValue(size_t i, const Value& value) {
  if (value.is_null()) {
    SetNull(i);
    return;
  }
  SetValid(i);
  switch (type_) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: data<uint8_t>()[i] = value.bool_value() ? 1 : 0; break;
    case TypeId::kInteger:
    case TypeId::kDate: data<int32_t>()[i] = static_cast<int32_t>(value.int_value()); break;
    case TypeId::kBigint:
    case TypeId::kTimestamp: data<int64_t>()[i] = value.int_value(); break;
    case TypeId::kDouble:
      data<double>()[i] = value.type() == TypeId::kDouble ? value.double_value() : value.AsDouble();
      break;
    case TypeId::kVarchar: data<StringRef>()[i] = AddString(value.string_value()); break;
  }
}

Vector Vector::Constant(const Value& value, TypeId type) {
  Vector v(type, 1);
  if (type != TypeId::kNull) {
    v.SetValue(0, value.is_null() ? value : value.CastTo(type));
  } else {
    v.SetNull(0);
  }
  v.SetConstant(true);
  return v;
}

}  // namespace sluice
