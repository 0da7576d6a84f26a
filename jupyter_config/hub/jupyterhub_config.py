# JupyterHub settings of `python3 course.py hub` (atelier/hub/cli.py writes the values into the hub's state folder
# and names that file in ARTISANAT_HUB_SETTINGS; see instructors/hub.md).
import os
import sys

from atelier.hub.spawner import load_settings

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)
settings = load_settings()
private = settings["private"]

c.JupyterHub.ip = settings["ip"]
c.JupyterHub.port = settings["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.JupyterHub.db_url = "sqlite:///" + os.path.join(private, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(private, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(private, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.shutdown_on_logout = False
c.JupyterHub.template_vars = {"announcement_login": settings["announcement"]}

# the proxy: configurable-http-proxy installed by the hub from jupyter_config/hub/proxy (package-lock.json)
c.ConfigurableHTTPProxy.command = [settings["node"], settings["proxy"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(private, "proxy.pid")

# who may log in: the accounts of the class list and the trainer (system accounts, their passwords via PAM)
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = set(settings["learners"]) | set(settings["trainers"])
c.Authenticator.admin_users = set(settings["trainers"])

# each person's own JupyterLab, as their own system user (atelier/hub/spawner.py)
c.JupyterHub.spawner_class = "atelier.hub.spawner.CourseSpawner"
# where each Lab opens: the Lab itself (English); in French, the French start notebook (atelier/hub/cli.py)
c.Spawner.default_url = settings.get("default_url", "/lab")
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.mem_limit = settings["memory_limit_bytes"]  # shown to Jupyter; enforced by the person's cgroup
# in French: JupyterLab's French settings and the French kernel as default (cli.server_args)
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=0", *settings.get("server_args", [])]

# idle servers are stopped (their notebooks stay in each person's folder)
python = sys.executable
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [python, "-m", "jupyterhub_idle_culler", f"--timeout={settings['idle_timeout_s']}",
                    f"--cull-every={settings['cull_every_s']}"],
    },
    {"name": "artisanat", "api_token": settings["service_token"]},
]
c.JupyterHub.load_roles = [
    {"name": "idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
     "services": ["idle-culler"]},
    {"name": "artisanat", "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users",
                                     "access:servers", "list:services", "read:services"], "services": ["artisanat"]},
]
