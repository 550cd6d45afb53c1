"""An operating-system task scheduler simulation (AWFY Richards)."""

from benchmark import Benchmark

NO_TASK = None
NO_WORK = None
IDLER = 0
WORKER = 1
HANDLER_A = 2
HANDLER_B = 3
DEVICE_A = 4
DEVICE_B = 5
NUM_TYPES = 6
DEVICE_PACKET_KIND = 0
WORK_PACKET_KIND = 1
DATA_SIZE = 4


class Richards(Benchmark):
    def benchmark(self):
        return Scheduler().start()

    def verify_result(self, result):
        return result


class RBObject:
    @staticmethod
    def append(packet, queue_head):
        packet.link = NO_WORK
        if queue_head is NO_WORK:
            return packet
        mouse = queue_head
        while True:
            link = mouse.link
            if link is NO_WORK:
                break
            mouse = link
        mouse.link = packet
        return queue_head


class DeviceTaskDataRecord(RBObject):
    def __init__(self):
        self.pending = NO_WORK


class HandlerTaskDataRecord(RBObject):
    def __init__(self):
        self.work_in = NO_WORK
        self.device_in = NO_WORK

    def device_in_add(self, packet):
        self.device_in = self.append(packet, self.device_in)

    def work_in_add(self, packet):
        self.work_in = self.append(packet, self.work_in)


class IdleTaskDataRecord(RBObject):
    def __init__(self):
        self.control = 1
        self.count = 10000


class WorkerTaskDataRecord(RBObject):
    def __init__(self):
        self.destination = HANDLER_A
        self.count = 0


class Packet(RBObject):
    def __init__(self, link, identity, kind):
        self.link = link
        self.kind = kind
        self.identity = identity
        self.datum = 0
        self.data = [0] * DATA_SIZE


class TaskState(RBObject):
    def __init__(self):
        self.task_holding = False
        self.task_waiting = False
        self.packet_pending = False

    def set_packet_pending(self):
        self.packet_pending = True
        self.task_waiting = False
        self.task_holding = False
        return self

    def running(self):
        self.packet_pending = self.task_waiting = self.task_holding = False
        return self

    def waiting(self):
        self.packet_pending = self.task_holding = False
        self.task_waiting = True
        return self

    def waiting_with_packet(self):
        self.task_holding = False
        self.task_waiting = self.packet_pending = True
        return self

    def is_task_holding_or_waiting(self):
        return self.task_holding or (not self.packet_pending and self.task_waiting)

    def is_waiting_with_packet(self):
        return self.packet_pending and self.task_waiting and not self.task_holding


class TaskControlBlock(TaskState):
    def __init__(self, link, identity, priority, initial_work_queue, initial_state,
                 private_data, fn):
        super().__init__()
        self.link = link
        self.identity = identity
        self.function = fn
        self.priority = priority
        self.input = initial_work_queue
        self.handle = private_data
        self.packet_pending = initial_state.packet_pending
        self.task_waiting = initial_state.task_waiting
        self.task_holding = initial_state.task_holding

    def add_input_and_check_priority(self, packet, old_task):
        if self.input is NO_WORK:
            self.input = packet
            self.packet_pending = True
            if self.priority > old_task.priority:
                return self
        else:
            self.input = self.append(packet, self.input)
        return old_task

    def run_task(self):
        if self.is_waiting_with_packet():
            message = self.input
            self.input = message.link
            if self.input is NO_WORK:
                self.running()
            else:
                self.set_packet_pending()
        else:
            message = NO_WORK
        return self.function(message, self.handle)


class Scheduler(RBObject):
    def __init__(self):
        self.task_list = NO_TASK
        self.current_task = NO_TASK
        self.current_task_identity = 0
        self.task_table = [NO_TASK] * NUM_TYPES
        self.queue_count = 0
        self.hold_count = 0

    def create_device(self, identity, priority, work, state):
        def fn(function_work, data):
            if function_work is NO_WORK:
                function_work = data.pending
                if function_work is NO_WORK:
                    return self.mark_waiting()
                data.pending = NO_WORK
                return self.queue_packet(function_work)
            data.pending = function_work
            return self.hold_self()
        self.create_task(identity, priority, work, state, DeviceTaskDataRecord(), fn)

    def create_handler(self, identity, priority, work, state):
        def fn(work_arg, data):
            if work_arg is not NO_WORK:
                if work_arg.kind == WORK_PACKET_KIND:
                    data.work_in_add(work_arg)
                else:
                    data.device_in_add(work_arg)
            work_packet = data.work_in
            if work_packet is NO_WORK:
                return self.mark_waiting()
            count = work_packet.datum
            if count >= DATA_SIZE:
                data.work_in = work_packet.link
                return self.queue_packet(work_packet)
            device_packet = data.device_in
            if device_packet is NO_WORK:
                return self.mark_waiting()
            data.device_in = device_packet.link
            device_packet.datum = work_packet.data[count]
            work_packet.datum = count + 1
            return self.queue_packet(device_packet)
        self.create_task(identity, priority, work, state, HandlerTaskDataRecord(), fn)

    def create_idler(self, identity, priority, work, state):
        def fn(_work, data):
            data.count = data.count - 1
            if data.count == 0:
                return self.hold_self()
            if (data.control & 1) == 0:
                data.control = data.control // 2
                return self.release(DEVICE_A)
            data.control = (data.control // 2) ^ 53256
            return self.release(DEVICE_B)
        self.create_task(identity, priority, work, state, IdleTaskDataRecord(), fn)

    def create_worker(self, identity, priority, work, state):
        def fn(work, data):
            if work is NO_WORK:
                return self.mark_waiting()
            data.destination = HANDLER_B if data.destination == HANDLER_A else HANDLER_A
            work.identity = data.destination
            work.datum = 0
            for i in range(DATA_SIZE):
                data.count = data.count + 1
                if data.count > 26:
                    data.count = 1
                work.data[i] = 65 + data.count - 1
            return self.queue_packet(work)
        self.create_task(identity, priority, work, state, WorkerTaskDataRecord(), fn)

    def create_packet(self, link, identity, kind):
        return Packet(link, identity, kind)

    def create_task(self, identity, priority, work, state, data, fn):
        task = TaskControlBlock(self.task_list, identity, priority, work, state, data, fn)
        self.task_list = task
        self.task_table[identity] = task

    def start(self):
        self.create_idler(IDLER, 0, NO_WORK, TaskState().running())
        queue = self.create_packet(NO_WORK, WORKER, WORK_PACKET_KIND)
        queue = self.create_packet(queue, WORKER, WORK_PACKET_KIND)
        self.create_worker(WORKER, 1000, queue, TaskState().waiting_with_packet())
        queue = self.create_packet(NO_WORK, DEVICE_A, DEVICE_PACKET_KIND)
        queue = self.create_packet(queue, DEVICE_A, DEVICE_PACKET_KIND)
        queue = self.create_packet(queue, DEVICE_A, DEVICE_PACKET_KIND)
        self.create_handler(HANDLER_A, 2000, queue, TaskState().waiting_with_packet())
        queue = self.create_packet(NO_WORK, DEVICE_B, DEVICE_PACKET_KIND)
        queue = self.create_packet(queue, DEVICE_B, DEVICE_PACKET_KIND)
        queue = self.create_packet(queue, DEVICE_B, DEVICE_PACKET_KIND)
        self.create_handler(HANDLER_B, 3000, queue, TaskState().waiting_with_packet())
        self.create_device(DEVICE_A, 4000, NO_WORK, TaskState().waiting())
        self.create_device(DEVICE_B, 5000, NO_WORK, TaskState().waiting())
        self.schedule()
        return self.queue_count == 23246 and self.hold_count == 9297

    def find_task(self, identity):
        task = self.task_table[identity]
        if task is NO_TASK:
            raise ValueError("find_task failed")
        return task

    def hold_self(self):
        self.hold_count += 1
        self.current_task.task_holding = True
        return self.current_task.link

    def queue_packet(self, packet):
        task = self.find_task(packet.identity)
        if task is NO_TASK:
            return NO_TASK
        self.queue_count += 1
        packet.link = NO_WORK
        packet.identity = self.current_task_identity
        return task.add_input_and_check_priority(packet, self.current_task)

    def release(self, identity):
        task = self.find_task(identity)
        if task is NO_TASK:
            return NO_TASK
        task.task_holding = False
        if task.priority > self.current_task.priority:
            return task
        return self.current_task

    def mark_waiting(self):
        self.current_task.task_waiting = True
        return self.current_task

    def schedule(self):
        self.current_task = self.task_list
        while self.current_task is not NO_TASK:
            if self.current_task.is_task_holding_or_waiting():
                self.current_task = self.current_task.link
            else:
                self.current_task_identity = self.current_task.identity
                self.current_task = self.current_task.run_task()
