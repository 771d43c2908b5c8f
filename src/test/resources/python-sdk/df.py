# client.df: the images with their sizes and containers, and the layers' total size.
import docker

client = docker.from_env()
usage = client.df()
print(usage["LayersSize"])
for image in sorted(usage["Images"], key=lambda i: i["Id"]):
    print(image["Id"], image["RepoTags"], image["Size"], image["Containers"])
print([c["Names"] for c in usage["Containers"]])
