"""The supported constructs: for each, a diagram and how a case on it is played to its end.

A play function gets the scenario driver (``run``), the people and the clock, drives the case with
the engine's API only, and returns data the finished case must hold.
"""

from __future__ import annotations

from tests.engine.conformance import events, more_constructs, tasks_and_gateways
from tests.engine.conformance.base import FORM, Construct
from tests.engine.conformance.tasks_and_gateways import DMN

__all__ = ["ALL", "DMN", "FORM", "Construct"]

ALL = {
    "user_task": tasks_and_gateways.user_task,
    "script_task": tasks_and_gateways.script_task,
    "manual_task": tasks_and_gateways.manual_task,
    "exclusive_gateway": tasks_and_gateways.exclusive_gateway,
    "parallel_gateway": tasks_and_gateways.parallel_gateway,
    "inclusive_gateway": tasks_and_gateways.inclusive_gateway,
    "event_gateway_message_a": events.event_gateway_message_a,
    "event_gateway_message_b": events.event_gateway_message_b,
    "event_gateway_timer": events.event_gateway_timer,
    "plain_task": tasks_and_gateways.plain_task,
    "embedded_subprocess": tasks_and_gateways.embedded_subprocess,
    "call_activity": tasks_and_gateways.call_activity,
    "multi_instance_user_task": tasks_and_gateways.multi_instance_user_task,
    "multi_instance_sequential_script": tasks_and_gateways.multi_instance_sequential_script,
    "timer_catch": events.timer_catch,
    "timer_boundary_interrupting": events.timer_boundary_interrupting,
    "timer_boundary_non_interrupting": events.timer_boundary_non_interrupting,
    "message_boundary_on_task": events.message_boundary_on_task,
    "message_catch": events.message_catch,
    "receive_task": events.receive_task,
    "message_throw": events.message_throw,
    "error_boundary_on_subprocess": events.error_boundary_on_subprocess,
    "terminate_end": events.terminate_end,
    "business_rule_task": tasks_and_gateways.business_rule_task,
    "timer_date": more_constructs.timer_date,
    "timer_cycle_boundary": more_constructs.timer_cycle_boundary,
    "message_boundary_on_subprocess": more_constructs.message_boundary_on_subprocess,
    "multi_instance_subprocess": more_constructs.multi_instance_subprocess,
    "multi_instance_call_activity": more_constructs.multi_instance_call_activity,
    "data_objects": more_constructs.data_objects,
}
