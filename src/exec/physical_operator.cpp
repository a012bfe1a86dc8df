#include "exec/physical_operator.h"

#include "common/error.h"

namespace sluice {

std::unique_ptr<GlobalSourceState> PhysicalOperator::InitGlobalSource(ExecutionContext&) const {
  return std::make_unique<GlobalSourceState>();
}
std::unique_ptr<LocalSourceState> PhysicalOperator::InitLocalSource(ExecutionContext&,
                                                                    GlobalSourceState&) const {
  return std::make_unique<LocalSourceState>();
}
bool PhysicalOperator::GetData(ExecutionContext&, DataChunk&, GlobalSourceState&,
                               LocalSourceState&) const {
  throw Error::Internal("{} is not a source", Describe());
}
std::unique_ptr<OperatorState> PhysicalOperator::InitOperatorState(ExecutionContext&) const {
  return std::make_unique<OperatorState>();
}
OperatorResult PhysicalOperator::Execute(ExecutionContext&, DataChunk&, DataChunk&,
                                         OperatorState&) const {
  throw Error::Internal("{} is not a streaming operator", Describe());
}
std::unique_ptr<GlobalSinkState> PhysicalOperator::InitGlobalSink(ExecutionContext&) const {
  return std::make_unique<GlobalSinkState>();
}
std::unique_ptr<LocalSinkState> PhysicalOperator::InitLocalSink(ExecutionContext&,
                                                                GlobalSinkState&) const {
  return std::make_unique<LocalSinkState>();
}
void PhysicalOperator::Sink(ExecutionContext&, DataChunk&, GlobalSinkState&,
                            LocalSinkState&) const {
  throw Error::Internal("{} is not a sink", Describe());
}
void PhysicalOperator::Combine(ExecutionContext&, GlobalSinkState&, LocalSinkState&) const {}
void PhysicalOperator::Finalize(ExecutionContext&, GlobalSinkState&) const {}

}  // namespace sluice
