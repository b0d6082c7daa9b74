output "cluster_name" {
  description = "aws eks update-kubeconfig --name <this>"
  value       = module.cluster.cluster_name
}

output "app_role_arn" {
  description = "The chart's serviceAccount.annotations eks.amazonaws.com/role-arn."
  value       = module.cluster.app_role_arn
}

output "media_bucket" {
  description = "The chart's storage.url is s3://<this>."
  value       = module.storage.media_bucket
}

output "database_endpoint" {
  description = "host:port for the database secret's URL."
  value       = module.database.endpoint
}

output "redis_endpoint" {
  description = "host for the Redis secret's URLs (rediss://)."
  value       = module.cache.primary_endpoint
}

output "cdn_domain" {
  description = "Point the public DNS name here."
  value       = module.cdn.distribution_domain
}

output "deploy_role_arn" {
  description = "GitHub Actions' role."
  value       = module.iam.deploy_role_arn
}
