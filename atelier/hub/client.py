"""A small client of the hub's real interfaces, for the tests and the benchmark: log in with the log-in form,
the hub's REST API (tokens, servers), a learner's Jupyter REST API (contents, nbgrader's assignments) and a
kernel's websocket (run code, move a widget)."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests
import websocket


def log_in(base: str, username: str, password: str) -> bool:
    """Post the hub's log-in form as a browser does; True when the hub let the person in."""
    session = requests.Session()
    session.get(f"{base}/hub/login", timeout=30)
    answer = session.post(f"{base}/hub/login", allow_redirects=False, timeout=60, data={
        "username": username, "password": password, "_xsrf": session.cookies.get("_xsrf", "")})
    return answer.status_code == 302 and "/hub/login" not in answer.headers.get("location", "")


def user_token(base: str, service_token: str, username: str) -> str:
    """An API token of `username` (made by the hub's own service, as an admin would)."""
    answer = requests.post(f"{base}/hub/api/users/{username}/tokens", timeout=30,
                           headers={"Authorization": f"token {service_token}"},
                           json={"note": "artisanat client", "expires_in": 7200})
    answer.raise_for_status()
    return str(answer.json()["token"])


@dataclass
class Learner:
    """One person's side of the hub, through their own token."""

    base: str
    username: str
    token: str
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.session.headers["Authorization"] = f"token {self.token}"

    @property
    def server(self) -> str:
        return f"{self.base}/user/{self.username}"

    def request_server(self) -> None:
        """Ask the hub to start this person's server (it may take a while: see `start_server`)."""
        answer = self.session.post(f"{self.base}/hub/api/users/{self.username}/server", timeout=60)
        if answer.status_code not in (201, 202, 400):  # 400: it runs already
            answer.raise_for_status()

    def start_server(self, timeout_s: float = 180) -> float:
        """Ask the hub for this person's server and wait until it answers; return the seconds it took."""
        started = time.monotonic()
        self.request_server()
        while time.monotonic() - started < timeout_s:
            info = self.session.get(f"{self.base}/hub/api/users/{self.username}", timeout=30).json()
            server = info.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.monotonic() - started
            time.sleep(0.5)
        raise TimeoutError(f"{self.username}'s server did not start in {timeout_s:.0f} s")

    def stop_server(self) -> None:
        self.session.delete(f"{self.base}/hub/api/users/{self.username}/server", timeout=60)

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, f"{self.server}{path}", timeout=120, **kwargs)

    def assignments(self, action: str | None, course: str, assignment: str | None = None) -> dict:
        """nbgrader's assignment list (`action` None) or fetch / submit / fetch_feedback, as the Lab calls them."""
        if action is None:
            answer = self.api("GET", "/assignments", params={"course_id": course})
        else:
            answer = self.api("POST", f"/assignments/{action}",
                              data={"course_id": course, "assignment_id": assignment})
        answer.raise_for_status()
        return dict(answer.json())

    def read(self, path: str) -> dict:
        answer = self.api("GET", f"/api/contents/{path}", params={"content": 1})
        answer.raise_for_status()
        return dict(answer.json())

    def write_notebook(self, path: str, notebook: dict) -> None:
        self.api("PUT", f"/api/contents/{path}", json={"type": "notebook", "format": "json",
                                                        "content": notebook}).raise_for_status()

    def kernel(self, cwd: str = "", name: str | None = "python3") -> Kernel:
        """A new kernel; `name` None: the server's default kernel (as the Lab's new notebook gets)."""
        answer = self.api("POST", "/api/kernels", json={"path": cwd, **({"name": name} if name else {})})
        answer.raise_for_status()
        return Kernel(self, str(answer.json()["id"]))


def decode_frame(frame: str | bytes) -> dict | None:
    """A kernel message from a websocket frame: JSON text, or Jupyter's binary frame (a message with buffers:
    the number of parts and their offsets as 32-bit big-endian integers, then the message's JSON first)."""
    if isinstance(frame, str):
        return json.loads(frame) if frame.strip() else None
    if len(frame) < 8:
        return None
    parts = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i: 8 + 4 * i], "big") for i in range(parts)]
    end = offsets[1] if parts > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


class Kernel:
    """A kernel of a person's server, driven through its websocket as the Lab does."""

    def __init__(self, learner: Learner, kernel_id: str) -> None:
        self.learner, self.id = learner, kernel_id
        self.session_id = uuid.uuid4().hex
        self.reconnect()

    def reconnect(self) -> None:
        """Open (again) the kernel's websocket; websocket-client answers the server's pings while reading."""
        url = self.learner.server.replace("http://", "ws://") + f"/api/kernels/{self.id}/channels"
        self.socket = websocket.create_connection(url, timeout=120,
                                                  header=[f"Authorization: token {self.learner.token}"])

    def send(self, channel: str, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.learner.username, "session": self.session_id,
                       "msg_type": msg_type, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        return msg_id

    def replies(self, msg_id: str, timeout_s: float = 120):
        """The messages answering `msg_id`, until the kernel is idle again."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            message = decode_frame(self.socket.recv())
            if message is None:
                continue
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            yield message
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return
        raise TimeoutError(msg_id)

    def run(self, code: str, timeout_s: float = 120) -> tuple[str, list[dict]]:
        """Run code; return (its printed text, every message it produced)."""
        msg_id = self.send("shell", "execute_request", {
            "code": code, "silent": False, "store_history": False, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        text, messages = [], []
        for message in self.replies(msg_id, timeout_s):
            messages.append(message)
            if message["msg_type"] == "stream":
                text.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                text.append(f"{message['content']['ename']}: {message['content']['evalue']}")
        return "".join(text), messages

    def close(self) -> None:
        self.socket.close()
        self.learner.api("DELETE", f"/api/kernels/{self.id}")
