/**
 * Corpus stack "laravel": the Laravel + MySQL + Redis + nginx + phpMyAdmin stack that countless
 * tutorials and boilerplate repositories ship as a docker-compose.yml, written the way people
 * port it to Pulumi. It keeps the usual mistakes on purpose (plain passwords in env, MySQL
 * published on 3306, phpMyAdmin on 8080, Redis without a password, no limits, no health checks,
 * restart policies on some services only) and declares no chom:* component.
 * Do not "fix" this program: test/corpus/laravel/expected.yaml is written against it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";

const config = new pulumi.Config();
const appUrl = config.require("appUrl");
const dbName = config.get("dbName") ?? "laravel";

const network = new docker.Network("laravel-net", { name: "laravel" });

const dbData = new docker.Volume("dbdata", { name: "laravel_dbdata" });

// The app image is built from the Dockerfile next to this program (php:8.3-fpm + extensions).
const appImage = new docker.Image("app-image", {
    build: { context: __dirname, dockerfile: `${__dirname}/Dockerfile`, platform: "linux/amd64" },
    imageName: "laravel-app:latest",
    skipPush: true,
});

const mysqlImage = new docker.RemoteImage("mysql-image", { name: "mysql:8.0" });
const redisImage = new docker.RemoteImage("redis-image", { name: "redis:7-alpine" });

const laravelEnv = [
    "APP_ENV=production",
    "APP_DEBUG=false",
    `APP_URL=${appUrl}`,
    "APP_KEY=base64:3q2+7w0ZkL8nFJ0pQw1xYv4sT6uR9mB2cD5eF8gH1iJ=",
    "DB_CONNECTION=mysql",
    "DB_HOST=mysql",
    "DB_PORT=3306",
    `DB_DATABASE=${dbName}`,
    "DB_USERNAME=laravel",
    "DB_PASSWORD=secret",
    "REDIS_HOST=redis",
    "REDIS_PASSWORD=null",
    "REDIS_PORT=6379",
    "CACHE_DRIVER=redis",
    "SESSION_DRIVER=redis",
    "QUEUE_CONNECTION=redis",
];

export const app = new docker.Container("app", {
    name: "laravel-app",
    image: appImage.repoDigest,
    envs: laravelEnv,
    volumes: [{ hostPath: "/srv/laravel/storage", containerPath: "/var/www/storage" }],
    networksAdvanced: [{ name: network.name, aliases: ["app"] }],
    restart: "unless-stopped",
    workingDir: "/var/www",
});

// The queue worker runs the same image; nobody remembered its restart policy.
export const queue = new docker.Container("queue", {
    name: "laravel-queue",
    image: appImage.repoDigest,
    command: ["php", "artisan", "queue:work", "--sleep=3", "--tries=3"],
    envs: laravelEnv,
    networksAdvanced: [{ name: network.name }],
});

export const nginx = new docker.Container(
    "nginx",
    {
        name: "laravel-nginx",
        image: "nginx:1.27-alpine",
        ports: [
            { internal: 80, external: 80 },
            { internal: 443, external: 443 },
        ],
        volumes: [
            { hostPath: "/srv/laravel/public", containerPath: "/var/www/public", readOnly: true },
            {
                hostPath: "/srv/laravel/nginx/conf.d",
                containerPath: "/etc/nginx/conf.d",
                readOnly: true,
            },
            { hostPath: "/srv/laravel/certs", containerPath: "/etc/nginx/certs", readOnly: true },
        ],
        networksAdvanced: [{ name: network.name }],
        restart: "unless-stopped",
    },
    { dependsOn: [app] },
);

export const mysql = new docker.Container("mysql", {
    name: "laravel-mysql",
    image: mysqlImage.imageId,
    envs: [
        "MYSQL_ROOT_PASSWORD=root_secret",
        `MYSQL_DATABASE=${dbName}`,
        "MYSQL_USER=laravel",
        "MYSQL_PASSWORD=secret",
    ],
    // "so I can connect with TablePlus"
    ports: [{ internal: 3306, external: 3306 }],
    volumes: [{ volumeName: dbData.name, containerPath: "/var/lib/mysql" }],
    networksAdvanced: [{ name: network.name, aliases: ["mysql"] }],
    restart: "always",
});

export const redis = new docker.Container("redis", {
    name: "laravel-redis",
    image: redisImage.imageId,
    networksAdvanced: [{ name: network.name, aliases: ["redis"] }],
});

export const phpmyadmin = new docker.Container(
    "phpmyadmin",
    {
        name: "laravel-phpmyadmin",
        image: "phpmyadmin",
        envs: ["PMA_HOST=mysql", "PMA_PORT=3306", "UPLOAD_LIMIT=64M"],
        ports: [{ internal: 80, external: 8080 }],
        networksAdvanced: [{ name: network.name }],
    },
    { dependsOn: [mysql] },
);
