# Image.tag, then the new name resolves to the same image; a bad tag is an APIError.
import sys
import docker

client = docker.from_env()
image = client.images.get(sys.argv[1])
print(image.tag("pysdk/tagged", "v1"))
print(client.images.get("pysdk/tagged:v1").id == image.id)
print(sorted(client.images.get(image.id).tags))
try:
    image.tag("Upper/Case", "v1")
except docker.errors.APIError as e:
    print(e.status_code, e.explanation)
