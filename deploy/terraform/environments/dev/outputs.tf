output "studio" {
  description = "What the Helm values and the deploy workflow need."
  value = {
    cluster_name      = module.studio.cluster_name
    app_role_arn      = module.studio.app_role_arn
    media_bucket      = module.studio.media_bucket
    database_endpoint = module.studio.database_endpoint
    redis_endpoint    = module.studio.redis_endpoint
    cdn_domain        = module.studio.cdn_domain
    deploy_role_arn   = module.studio.deploy_role_arn
  }
}
