# containers.create holds the image: removing its only tag is a 409 until the container is
# removed; then the image goes with its layer.
import sys
import docker

client = docker.from_env()
name = sys.argv[1]
container = client.containers.create(name, command=["sh"], name="pysdk-c")
print(container.id[:12], container.name, container.status,
      container.image.id == client.images.get(name).id)
print([c.name for c in client.containers.list(all=True)])
try:
    client.api.remove_image(name)
except docker.errors.APIError as e:
    print(e.status_code, e.explanation)
container.remove()
print([c.name for c in client.containers.list(all=True)])
for record in client.api.remove_image(name):
    print(record)
